package io.zsync;

/**
 * Where a runtime runs its tasks.
 *
 * @since 0.1
 */
public enum ExecutionModel {
    /**
     * One virtual thread per task (the default). Blocking calls ({@code await}, {@code sleep}, I/O) unmount the
     * virtual thread and cost next to nothing. The JDK's shared carrier pool does the work, so
     * {@link Config#workers()} is informational under this model.
     */
    VIRTUAL_THREADS,

    /**
     * A work-stealing pool of {@link Config#workers()} daemon platform threads ({@link java.util.concurrent.ForkJoinPool}
     * in FIFO mode). For CPU-bound work that must not share carriers with other virtual threads. A task blocked in
     * {@code await} or {@code sleep} lets the pool add a compensating thread.
     */
    WORK_STEALING,

    /**
     * No threads at all: everything runs on the caller's thread. A spawned task is not started at once; it runs on
     * the thread that first awaits it ({@link Task#await()}, {@link Task#join()}, or a subscriber's
     * {@code request}), and a task nobody waits for never runs: it is cancelled when its runtime closes. Suits tools
     * that do one thing at a time; code whose tasks must make progress together (a producer and a consumer) needs
     * one of the other models.
     */
    BLOCKING
}
