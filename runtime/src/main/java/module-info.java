/**
 * zsync's runtime: tasks, the runtime that owns them, executors, structured scopes and combinators, channels
 * (bounded, unbounded, rendezvous), select, {@code Semaphore} and {@code Mutex}, and virtual time for tests.
 *
 * <p>Every task is a Reactive Streams {@code Publisher} and a {@code java.util.concurrent.Flow.Publisher}, so the
 * types here plug into Reactor, RxJava and the JDK's Flow API without adapters.
 */
module io.zsync.runtime {
    requires transitive org.reactivestreams;          // Task implements org.reactivestreams.Publisher
    requires static org.jspecify;                     // nullness annotations, compile time only
    exports io.zsync;
    exports io.zsync.channel;
    exports io.zsync.sync;
    // streams reports undeliverable failures on the runtime's one path, and shares its demand and downstream helpers
    exports io.zsync.internal.flow to io.zsync.streams;
}
