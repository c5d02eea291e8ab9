/**
 * zsync's bridges to {@code java.util.concurrent.Flow} and {@code CompletionStage}. Its API arrives with the interop
 * issue; until then the module only declares its place in the architecture.
 */
module io.zsync.interop {
    requires transitive io.zsync.runtime;
}
