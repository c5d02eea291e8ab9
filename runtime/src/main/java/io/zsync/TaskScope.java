package io.zsync;

import io.zsync.internal.task.ScopeImpl;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A structured scope (a nursery, a join set): the tasks spawned in it are joined before it closes, so none outlives
 * the block that opened it.
 *
 * <pre>{@code
 * try (TaskScope scope = TaskScope.open()) {
 *     Task<User> user = scope.spawn(() -> fetchUser(id));
 *     Task<List<Order>> orders = scope.spawn(() -> fetchOrders(id));
 *     scope.joinAll();                        // the first failure cancels the other and is thrown here
 *     return new Page(user.await(), orders.await());
 * }
 * }</pre>
 *
 * <p>{@link #open()} is fail-fast: the first task that fails cancels the others, and {@link #joinAll()} or
 * {@link #close()} throws {@link TaskFailedException} with that failure as its cause and any other failures
 * suppressed. {@link #supervisor()} lets tasks fail on their own: siblings keep running, and the failures are there
 * for {@link #joinNext()} and {@link #failures()}; one nobody looks at reaches the runtime's uncaught handler, as for
 * any task. {@link #joinNext()} returns tasks as they complete.
 *
 * <p>{@code close()} waits for every task (it does not cancel them: call {@link #cancel()} first to stop them, for
 * example in a {@code catch} block when the body fails; {@link #run} does that for you). If the thread that waits is
 * cancelled (interrupted), the scope cancels its tasks, waits for them up to the runtime's shutdown grace period —
 * the same machinery {@link Zsync#run} uses for the tasks {@code main} leaves running — and throws
 * {@link TaskCancelledException}. Works on JDK 21 without preview features.
 *
 * <p>Tasks run on the current runtime (the calling task's, else the global one). A scope is used by the thread that
 * opened it; its tasks may run anywhere.
 */
public sealed interface TaskScope extends AutoCloseable permits ScopeImpl {
    /**
     * Opens a fail-fast scope on the current runtime.
     *
     * @return a new scope; close it with try-with-resources
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     */
    static TaskScope open() {
        return ScopeImpl.create(Zsync.runtimeFor("TaskScope.open").core(), true);
    }

    /**
     * Opens a supervisor scope on the current runtime: a failing task does not cancel its siblings.
     *
     * @return a new scope; close it with try-with-resources
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     */
    static TaskScope supervisor() {
        return ScopeImpl.create(Zsync.runtimeFor("TaskScope.supervisor").core(), false);
    }

    /**
     * Runs {@code body} in a fail-fast scope and closes it: if {@code body} throws, the scope's tasks are cancelled
     * and waited for, and the body's exception is thrown with any task failure suppressed.
     *
     * @param body what to do with the scope
     * @param <T> the result type
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw, or a task's failure as {@link TaskFailedException}
     */
    static <T> T run(ScopeBody<T> body) throws Exception {
        Objects.requireNonNull(body, "body must not be null");
        TaskScope scope = open();
        T result;
        try {
            result = body.run(scope);
        } catch (Throwable e) {
            scope.cancel();
            try {
                scope.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        scope.close();
        return result;
    }

    /**
     * The body of {@link #run}.
     *
     * @param <T> its result type
     */
    @FunctionalInterface
    interface ScopeBody<T> {
        /**
         * Runs with the open scope.
         *
         * @param scope the scope to spawn tasks in
         * @return the result
         * @throws Exception anything; the scope's tasks are then cancelled
         */
        T run(TaskScope scope) throws Exception;
    }

    /**
     * Spawns {@code body} as a task of this scope.
     *
     * @param body the code to run
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException if the scope is closed
     */
    <T> Task<T> spawn(Callable<? extends T> body);

    /**
     * Spawns {@code body}, which returns nothing, as a task of this scope.
     *
     * @param body the code to run; it may throw checked exceptions
     * @return the task; its result is {@code null}
     * @throws IllegalStateException if the scope is closed
     */
    Task<Void> spawn(CheckedRunnable body);

    /**
     * Spawns {@code body} as a task of this scope named {@code name} (see {@link ZsyncRuntime#spawn(String,
     * Callable)}).
     *
     * @param name the task's name, not blank
     * @param body the code to run
     * @param <T> the result type
     * @return the task
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if the scope is closed
     */
    <T> Task<T> spawn(String name, Callable<? extends T> body);

    /**
     * Spawns {@code body}, which returns nothing, as a task of this scope named {@code name}.
     *
     * @param name the task's name, not blank
     * @param body the code to run; it may throw checked exceptions
     * @return the task; its result is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if the scope is closed
     */
    Task<Void> spawn(String name, CheckedRunnable body);

    /**
     * Waits for the next task of this scope to complete, in completion order, and returns it (complete: its
     * {@link Task#join()} and {@link Task#await()} do not wait); each task is returned once.
     *
     * @return the next completed task, or null once every task spawned so far has been returned
     * @throws TaskCancelledException if the calling thread is cancelled while waiting (the scope's tasks are then
     *     cancelled)
     */
    @Nullable Task<?> joinNext();

    /**
     * Waits for every task spawned so far; in a fail-fast scope, throws the first failure.
     *
     * @throws TaskFailedException in a fail-fast scope whose task failed: the first failure as cause, others
     *     suppressed
     * @throws TaskCancelledException if the calling thread is cancelled while waiting
     */
    void joinAll();

    /**
     * The failures of the tasks completed so far, in completion order.
     *
     * @return the failures' causes
     */
    List<Throwable> failures();

    /** Cancels every task of this scope that is still running; {@link #close()} still waits for them to end. */
    void cancel();

    /**
     * Waits for every task, closes the scope to new tasks, and, in a fail-fast scope, throws the first failure.
     * Idempotent.
     *
     * @throws TaskFailedException in a fail-fast scope whose task failed
     * @throws TaskCancelledException if the calling thread is cancelled while waiting
     */
    @Override
    void close();
}
