package io.zsync;

import io.zsync.internal.task.ExecutorImpl;
import io.zsync.internal.task.RuntimeCore;
import io.zsync.internal.task.RunnableBody;
import io.zsync.internal.task.TaskImpl;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs tasks, as its {@link Config} says, until closed. Most programs never see one: {@link Zsync#run} creates and
 * closes it around {@code main}. Create your own for a component with its own lifecycle:
 *
 * {@snippet :
 * try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
 *     Task<Integer> answer = runtime.spawn(() -> 6 * 7);
 *     System.out.println(answer.await());
 * }
 * }
 *
 * <p>Named {@code ZsyncRuntime} so that it does not clash with {@link java.lang.Runtime}.
 *
 * <p><b>Closing</b> cancels every task still running, waits for them at most {@link Config#shutdownGrace()}, reports
 * those still running then (name, state, where they are, who spawned them) and unobserved failures to
 * {@link Config#uncaughtHandler()}, and returns. None of the runtime's threads can keep the JVM alive, closed or not:
 * virtual threads and pool workers are daemon threads.
 *
 * <p>Thread-safe: any method may be called from any thread.
 *
 * @since 0.1
 */
public final class ZsyncRuntime implements AutoCloseable {
    private final RuntimeCore core;

    private ZsyncRuntime(Config config) {
        this.core = RuntimeCore.create(config, this);
    }

    /**
     * Creates a runtime.
     *
     * @param config how it runs tasks
     * @return a new, open runtime
     * @throws NullPointerException if {@code config} is null
     */
    public static ZsyncRuntime create(Config config) {
        Objects.requireNonNull(config, "config must not be null: pass Config.optimal() or a Config.builder() result");
        return new ZsyncRuntime(config);
    }

    /**
     * Returns this runtime's configuration.
     *
     * @return the configuration
     */
    public Config config() {
        return core.config();
    }

    /**
     * Spawns {@code body} as a task on this runtime. Called from one of this runtime's tasks, the new task is that
     * task's child.
     *
     * @param body the code to run
     * @param <T> the result type
     * @return the task, already running (under {@link ExecutionModel#BLOCKING}: run when first awaited)
     * @throws NullPointerException if {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the runtime is closed
     */
    public <T> Task<T> spawn(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return core.spawn(body, null, null);
    }

    /**
     * Spawns {@code body}, which returns nothing, as a task on this runtime; see {@link #spawn(Callable)}.
     *
     * @param body the code to run; it may throw checked exceptions
     * @return the task; its result is {@code null}
     * @throws NullPointerException if {@code body} is null
     * @throws java.util.concurrent.RejectedExecutionException if the runtime is closed
     */
    public Task<Void> spawn(CheckedRunnable body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return core.spawn(new RunnableBody(body), null, null);
    }

    /**
     * Spawns {@code body} as a task named {@code name} on this runtime; see {@link #spawn(Callable)}. The name
     * appears in {@link Task#name()}, {@code toString()}, failure messages and the report of tasks left running.
     *
     * @param name the task's name, not blank
     * @param body the code to run
     * @param <T> the result type
     * @return the task
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws java.util.concurrent.RejectedExecutionException if the runtime is closed
     */
    public <T> Task<T> spawn(String name, Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return core.spawn(body, TaskImpl.checkName(name), null);
    }

    /**
     * Spawns {@code body}, which returns nothing, as a task named {@code name}; see {@link #spawn(String, Callable)}.
     *
     * @param name the task's name, not blank
     * @param body the code to run; it may throw checked exceptions
     * @return the task; its result is {@code null}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws java.util.concurrent.RejectedExecutionException if the runtime is closed
     */
    public Task<Void> spawn(String name, CheckedRunnable body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return core.spawn(new RunnableBody(body), TaskImpl.checkName(name), null);
    }

    /**
     * Creates an executor whose tasks run on this runtime; close it to cancel what it still runs.
     *
     * @return a new executor
     */
    public TaskExecutor newExecutor() {
        return ExecutorImpl.create(core);
    }

    /**
     * Returns the tasks of this runtime that have not finished: a read-only, racy snapshot for monitors and
     * diagnostics (a later observability layer builds on it). Each element is the task's own handle: its
     * {@link Task#name()}, {@link Task#state()} (pending for every task here, unless it finished since) and
     * {@link Task#cancel()} work as usual.
     *
     * <p>Cost: one walk of the runtime's registry of live tasks, under a lock that spawns and completions never
     * take, so polling it slows no task; the list is new on each call and holds about one entry per live task. A
     * task spawned or finished during the walk may or may not be in it; a task that had finished before the call
     * began is not. The order is unspecified.
     *
     * @return the live tasks, an unmodifiable list
     * @since 0.1
     */
    public List<Task<?>> tasks() {
        return List.copyOf(core.liveTasks());
    }

    /**
     * Returns whether {@link #close()} has begun; a racy snapshot.
     *
     * @return whether the runtime is closing or closed
     */
    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * Cancels every task, waits for them at most the shutdown grace period, reports what is left, and releases the
     * runtime's threads. Idempotent and callable from any thread: a second call waits for the first to finish,
     * except from inside one of this runtime's tasks, where it returns at once. Called from inside a task, that task
     * and its ancestors are cancelled last, and not waited for.
     */
    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "ZsyncRuntime[" + core.config().describe() + (isClosed() ? ", closed]" : "]");
    }

    RuntimeCore core() {
        return core;
    }
}
