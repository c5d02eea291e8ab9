package io.zsync;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * A set of tasks that you close as one: {@link #close()} cancels whatever is still running and waits for it. Also a
 * {@link ExecutorService}, so JDK-facing code runs on zsync tasks: {@code CompletableFuture.supplyAsync(fn, executor)},
 * Reactor's {@code Schedulers.fromExecutorService(executor)}, {@code invokeAll}.
 *
 * {@snippet :
 * try (TaskExecutor executor = runtime.newExecutor()) {
 *     Task<String> page = executor.spawn(() -> fetch(url));
 *     CompletableFuture<Integer> size = CompletableFuture.supplyAsync(() -> measure(), executor);
 *     System.out.println(page.await() + size.join());
 * }   // anything still running is cancelled here, and waited for
 * }
 *
 * <p>Its tasks belong to the executor, not to the task that spawned them: cancelling that task does not cancel them;
 * closing the executor (or its runtime) does.
 *
 * <h2>Differences from the JDK's executors</h2>
 * {@link #close()} cancels remaining tasks rather than waiting for them to finish (the JDK's {@code close()} waits),
 * and waits at most the runtime's {@link Config#shutdownGrace()}, reporting tasks that ignore cancellation to
 * {@link Config#uncaughtHandler()}. {@link #shutdownNow()} cancels every task and returns an empty list.
 * {@link #submit(Callable)} returns a {@link java.util.concurrent.Future} that catches the task's failure, as the JDK
 * does; {@link #spawn(Callable)} returns a {@link Task}, whose failures are never lost.
 *
 * <p>Thread-safe: any method may be called from any thread.
 * <p>Memory consistency effects: as {@link Task}; actions before {@code spawn}, {@code execute} or {@code submit}
 * happen-before the task's body.
 *
 * @since 0.1
 */
public sealed interface TaskExecutor extends ExecutorService permits io.zsync.internal.task.ExecutorImpl {

    /**
     * Spawns {@code body} as a task of this executor.
     *
     * @param body the code to run
     * @param <T> the result type
     * @return the task
     * @throws NullPointerException if {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down or its runtime closed
     */
    <T> Task<T> spawn(Callable<? extends T> body);

    /**
     * Spawns {@code body}, which returns nothing, as a task of this executor.
     *
     * @param body the code to run; it may throw checked exceptions
     * @return the task; its result is {@code null}
     * @throws NullPointerException if {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down or its runtime closed
     */
    Task<Void> spawn(CheckedRunnable body);

    /**
     * Returns how many of this executor's tasks have not finished; a racy snapshot.
     *
     * @return the count
     */
    int activeCount();

    /**
     * Stops accepting tasks, cancels those still running and waits for them, at most the runtime's shutdown grace
     * period; tasks still running then are reported to the runtime's uncaught handler. Idempotent; callable from any
     * thread, including one of this executor's tasks (which is then cancelled last, and not waited for).
     */
    @Override
    void close();
}
