/**
 * zsync's bridges: {@code java.util.concurrent.Flow} and Reactive Streams both ways, and {@code CompletionStage}
 * and task both ways, cancellation included.
 */
module io.zsync.interop {
    requires transitive io.zsync.runtime;            // Task in our signatures
    requires static org.jspecify;                    // nullness annotations, compile time only
    exports io.zsync.interop;
}
