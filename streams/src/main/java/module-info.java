/**
 * zsync's streams: async iterators over any Publisher, and a focused set of operators that connect tasks, channels,
 * iteration and time. Everything it returns is both an {@code org.reactivestreams.Publisher} and a
 * {@code java.util.concurrent.Flow.Publisher}.
 */
module io.zsync.streams {
    requires transitive io.zsync.runtime;            // Pipeline runs producers and blocking functions as tasks
    requires static org.jspecify;                    // nullness annotations, compile time only
    exports io.zsync.streams;
}
