package io.zsync.internal.task;

import io.zsync.CheckedRunnable;
import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskFailedException;
import io.zsync.TaskScope;
import java.util.ArrayList;
import io.zsync.internal.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link TaskScope}. */
public final class ScopeImpl implements TaskScope {
    /*
     * Implementation notes.
     *
     * The scope's tasks are an executor-style TaskSet (a task leaves it when it completes; close() closes it, so a
     * spawn after close is rejected). Each task gets a completion action that queues it in `completed`, counts it
     * in `done`, records the first failure (fail-fast scopes then cancel every other task in the set), and unparks
     * the thread waiting in joinNext/joinAll/close, if any. `spawned` − `done` is what is still running; `spawned`
     * − `taken` is what joinNext can still return. A cancelled owner (its thread interrupted while it waits) cancels
     * the scope's tasks and waits for them with the runtime's grace period, reporting stragglers, through the same
     * RuntimeCore.cancelAndAwait that Zsync.run uses for the tasks main leaves behind.
     * Maintenance: run TaskScopeTest, TaskStressTest and CancellationWakesTest after a change.
     */

    private final RuntimeCore core;
    private final boolean failFast;
    private final TaskSet tasks = new TaskSet();
    private final ConcurrentLinkedQueue<TaskImpl<?>> completed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger spawned = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<@Nullable TaskImpl<?>> firstFailure = new AtomicReference<>();
    private int taken;                                  // tasks returned by joinNext; owner thread only
    private volatile @Nullable Thread waiter;           // the thread parked in a join, if any
    private volatile boolean closed;

    /** Makes one; see the class. */
    public static ScopeImpl create(RuntimeCore core, boolean failFast) {
        return new ScopeImpl(core, failFast);
    }

    ScopeImpl(RuntimeCore core, boolean failFast) {
        this.core = core;
        this.failFast = failFast;
    }

    @Override
    public <T> Task<T> spawn(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return spawnNamed(null, body);
    }

    @Override
    public Task<Void> spawn(CheckedRunnable body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return spawnNamed(null, new RunnableBody(body));
    }

    @Override
    public <T> Task<T> spawn(String name, Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return spawnNamed(TaskImpl.checkName(name), body);
    }

    @Override
    public Task<Void> spawn(String name, CheckedRunnable body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return spawnNamed(TaskImpl.checkName(name), new RunnableBody(body));
    }

    private <T> Task<T> spawnNamed(@Nullable String name, Callable<? extends T> body) {
        if (closed) {
            throw new IllegalStateException("this scope is closed: spawn its tasks inside the try block that opened"
                    + " it, or open a new scope");
        }
        spawned.incrementAndGet();
        TaskImpl<T> task;
        try {
            task = core.spawn(body, name, tasks);
        } catch (Throwable e) {   // an Error too: a count left up would keep close() waiting
            spawned.decrementAndGet();
            throw e;
        }
        task.whenComplete(() -> completed(task));
        return task;
    }

    private void completed(TaskImpl<?> task) {
        completed.add(task);
        if (failFast && task.outcomeNow() instanceof Outcome.Failure<?> && firstFailure.compareAndSet(null, task)) {
            for (TaskImpl<?> t : tasks.snapshot()) {
                t.cancel();
            }
        }
        done.incrementAndGet();
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    @Override
    public @Nullable Task<?> joinNext() {
        if (taken == spawned.get()) {
            return null;
        }
        TaskImpl<?> t;
        while ((t = completed.poll()) == null) {
            park("joinNext", true);
        }
        taken++;
        return t;
    }

    @Override
    public void joinAll() {
        awaitAll("joinAll");
        throwFirstFailure();
    }

    @Override
    public List<Throwable> failures() {
        List<Throwable> failures = new ArrayList<>();
        for (TaskImpl<?> t : completed) {
            if (t.join() instanceof Outcome.Failure<?> f) {
                failures.add(f.cause());
            }
        }
        return failures;
    }

    @Override
    public void cancel() {
        for (TaskImpl<?> t : tasks.snapshot()) {
            t.cancel();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            awaitAll("close");
        } finally {
            tasks.close();
        }
        throwFirstFailure();
    }

    private void awaitAll(String what) {
        while (done.get() < spawned.get()) {
            park(what, false);
        }
    }

    /**
     * Parks until a task completes ({@code next}: until one is queued for joinNext); a cancelled owner cancels the
     * scope's tasks, waits for them, and throws.
     */
    private void park(String what, boolean next) {
        if (Thread.currentThread().isInterrupted()) {
            closed = true;
            core.cancelAndAwait(tasks.close(), "the task owning their scope was cancelled");
            throw new TaskCancelledException(what + "() was cancelled: the scope's tasks were cancelled too");
        }
        Clock clock = TaskImpl.currentClock();   // before announcing ourselves: its first call may park (TaskImpl.current)
        waiter = Thread.currentThread();   // then re-check: a completion after this write unparks us
        if (next ? completed.isEmpty() : done.get() < spawned.get()) {
            clock.park(this);
        }
        waiter = null;
    }

    private void throwFirstFailure() {
        TaskImpl<?> first = firstFailure.get();
        if (first == null) {
            return;
        }
        Throwable cause = ((Outcome.Failure<?>) first.join()).cause();
        TaskFailedException e = new TaskFailedException("a task of the scope failed, and the scope cancelled the"
                + " others: " + cause, cause);
        for (TaskImpl<?> t : completed) {
            if (t != first && t.join() instanceof Outcome.Failure<?> f) {
                e.addSuppressed(f.cause());
            }
        }
        throw e;
    }

    @Override
    public String toString() {
        return (failFast ? "TaskScope" : "TaskScope(supervisor)") + "[running " + (spawned.get() - done.get())
                + ", done " + done.get() + (closed ? ", closed]" : "]");
    }
}
