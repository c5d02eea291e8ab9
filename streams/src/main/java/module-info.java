/**
 * zsync's streams: async iterators and operators over Publishers. Its API arrives with the streams issue; until
 * then the module only declares its place in the architecture.
 */
module io.zsync.streams {
    requires transitive io.zsync.runtime;
}
