package io.zsync.internal.task;

import io.zsync.Task;
import io.zsync.TaskExecutor;
import io.zsync.internal.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of {@link TaskExecutor}: a closable set of tasks on a runtime.
 *
 * <p>Maintenance: run TaskExecutorTest, ExecutorLincheckTest and TaskStressTest after a change.
 */
public final class ExecutorImpl extends AbstractExecutorService implements TaskExecutor {
    private final RuntimeCore core;
    private final TaskSet tasks = new TaskSet();         // this executor's live tasks; closed by shutdown
    private volatile @Nullable List<TaskImpl<?>> left;   // what the set held when it closed: see isTerminated
    private volatile boolean terminated;                 // false → true once shut down with every task done

    /** Makes one; see the class. */
    public static ExecutorImpl create(RuntimeCore core) {
        return new ExecutorImpl(core);
    }

    ExecutorImpl(RuntimeCore core) {
        this.core = core;
    }

    @Override
    public <T> Task<T> spawn(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return core.spawn(body, null, tasks);
    }

    @Override
    public Task<Void> spawn(io.zsync.CheckedRunnable body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return core.spawn(new RunnableBody(body), null, tasks);
    }

    /**
     * Runs {@code command} as a task whose body runs even if the task is cancelled before it starts (then
     * interrupted): JDK code waits on what the command completes (a FutureTask, a CompletableFuture), so skipping it
     * would leave that waiting forever. Under the blocking model the command runs here, at once.
     */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command must not be null: pass the code the task should run");
        TaskImpl<Void> task = core.spawn(RunnableBody.of(command), null, tasks, true);
        task.runIfDeferred();
    }

    @Override
    public int activeCount() {
        return tasks.size();
    }

    @Override
    public void shutdown() {
        closeTasks();
    }

    @Override
    public List<Runnable> shutdownNow() {
        for (TaskImpl<?> t : closeTasks()) {
            t.cancel();
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return tasks.isClosed();
    }

    @Override
    public boolean isTerminated() {
        if (terminated) {
            return true;
        }
        // Every task the set accepted is in the list it gave when it closed, or was done before (TaskSet's Dekker
        // protocol; TaskImpl: Leaving the sets). The set itself is no guide: a spawn refused as it closes puts its
        // task in it for a moment.
        List<TaskImpl<?>> l = left;
        if (l != null && allDone(l)) {
            terminated = true;
            left = List.of();   // let the finished tasks go
        }
        return terminated;
    }

    private static boolean allDone(List<TaskImpl<?>> list) {
        for (TaskImpl<?> t : list) {
            if (!t.isDone()) {
                return false;
            }
        }
        return true;
    }

    /** Closes the set and returns what it held; the first such list is kept for isTerminated. */
    private List<TaskImpl<?>> closeTasks() {
        List<TaskImpl<?>> l = tasks.close();
        if (left == null) {
            left = l;   // a racing second close's list would do as well: either holds every task accepted
        }
        return l;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);   // saturates
        Clock wall = core.clock().wallTime();   // real time, as ExecutorService promises; a zsync wait all the same
        long deadline = wall.nanoTime() + Math.min(Math.max(nanos, 0), Long.MAX_VALUE / 2);
        while (!isTerminated()) {
            long remaining = deadline - wall.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            // Under the blocking model a join runs a task nobody started; a spawn refused as the set closed, in its
            // list for a moment, is not run: the join waits for its spawner's verdict (TaskImpl: UNADMITTED).
            List<TaskImpl<?>> l = left;
            for (TaskImpl<?> t : l != null ? l : tasks.snapshot()) {
                if (!t.joinQuietly(deadline, wall) && Thread.interrupted()) {
                    throw new InterruptedException("interrupted while awaiting the executor's termination");
                }
            }
            if (!isShutdown()) {   // not shut down: new tasks may come; look again shortly
                Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), 10)));
            }
        }
        return true;
    }

    @Override
    public void close() {
        core.cancelAndAwait(closeTasks(), "its executor began to close");
    }

    @Override
    public String toString() {
        return "TaskExecutor[" + tasks.size() + " tasks" + (tasks.isClosed() ? ", shut down]" : "]");
    }
}
