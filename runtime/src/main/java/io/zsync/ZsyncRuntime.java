package io.zsync;

import io.zsync.channel.ChannelSnapshot;
import io.zsync.internal.channel.AbstractChannel;
import io.zsync.internal.channel.WeakRegistry;
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
    private final WeakRegistry<AbstractChannel<?>> channels = WeakRegistry.create();   // made by its tasks; weakly
    private volatile boolean tracking;   // false → true once, by the first channels(): register() adds from then on

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
     * Returns the channels made for this runtime that are still reachable: a read-only, racy snapshot of each, for
     * monitors and diagnostics, beside {@link #tasks()} (a later observability layer builds on both). A channel is
     * made for this runtime when {@link Zsync#bounded(int)}, {@link Zsync#unbounded()}, {@link Zsync#rendezvous()},
     * their named twins or {@link Zsync#ticker} create it in one of this runtime's tasks, or outside any task while
     * this is the global runtime ({@link Zsync#run}'s); a channel created where there is no runtime belongs to none
     * and is in no list. Closing the runtime does not close its channels, and they stay in the list while
     * reachable.
     *
     * <p><b>Tracking starts with the first call:</b> a runtime registers the channels made for it only from the first
     * call to this method on, so a program that never looks pays nothing at channel creation (registering every
     * channel cost about a quarter more time in a loop that creates channels and moves one element through each,
     * {@code bench/ab.sh -w create}). The list holds no channel made before that first call: a monitor calls it once
     * at start-up, before the channels it wants to see are made, and its first list may be empty.
     *
     * <p>Each element is a value ({@link ChannelSnapshot}) read from the channel without stopping it: its counts of
     * elements sent and received are cumulative, so a rate is the difference between two snapshots matched by
     * {@link ChannelSnapshot#id()}. A channel the program no longer references leaves the list once the garbage
     * collector has cleared it: the runtime holds its channels weakly, and never keeps one alive.
     *
     * <p>Cost: once tracking, registering a channel at creation is one small allocation (a weak reference) and one
     * compare-and-set, without a lock; before, one read of a flag; sends and receives pay nothing for the snapshot
     * (the counts are read from positions and counters the channels keep anyway). A call walks the registry under a lock that only snapshots take (creations never wait for it),
     * and reads each live channel's counters; a rendezvous channel's size is read under its own lock. The list is
     * new on each call; a channel created or collected during the walk may or may not be in it. The order is
     * unspecified.
     *
     * @return a snapshot of each live channel of this runtime, an unmodifiable list
     * @since 0.1
     */
    public List<ChannelSnapshot> channels() {
        tracking = true;
        return List.copyOf(channels.snapshot((id, channel) -> channel.snapshot(id)));
    }

    /** Registers a channel made for this runtime once someone has asked for {@link #channels()}; returns it. */
    <C extends AbstractChannel<?>> C register(C channel) {
        if (tracking) {
            channels.add(channel);
        }
        return channel;
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
