package io.zsync.internal.task;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskFailedException;
import io.zsync.TaskTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import io.zsync.internal.time.Clock;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * {@code race}, {@code all} and {@code timeout} over tasks.
 *
 * <p>race and all register a completion action on every task (run by the completing thread) that counts down and
 * records the first success (race) or the first failure (all), then wakes the caller, which parks until it has its
 * answer. The caller, not the actions, cancels the losers, so a cancelled caller (an interrupt) cancels every task
 * it was combining and rethrows: the combined tasks never outlive a cancelled combinator.
 */
public final class Combinators {
    private Combinators() {
    }

    /** First success wins and the others are cancelled; if all fail, the first failure with the rest suppressed. */
    public static <T> T race(List<? extends Task<? extends T>> tasks) {
        List<TaskImpl<? extends T>> ts = checked(tasks, "race");
        Gate<T> gate = new Gate<>(ts.size());
        for (TaskImpl<? extends T> t : ts) {
            t.whenComplete(() -> {
                if (t.outcomeNow() instanceof Outcome.Success<?>) {
                    gate.decided.compareAndSet(null, t);
                } else {
                    t.join();   // a failure is part of the race: handled by it (thrown if all fail), not unobserved
                }
                gate.arrive();
            });
        }
        gate.await(ts, "race");
        TaskImpl<? extends T> winner = gate.decided.get();
        if (winner != null) {
            for (TaskImpl<? extends T> t : ts) {
                if (t != winner) {
                    t.cancel();
                }
            }
            return winner.await();
        }
        throw allFailed(ts, "all " + ts.size() + " tasks of the race failed");
    }

    /** Every result in order; the first failure cancels the rest, which are waited for, and is rethrown. */
    public static <T> List<T> all(List<? extends Task<? extends T>> tasks) {
        List<TaskImpl<? extends T>> ts = checked(tasks, "all");
        Gate<T> gate = new Gate<>(ts.size());
        for (TaskImpl<? extends T> t : ts) {
            t.whenComplete(() -> {
                if (!(t.outcomeNow() instanceof Outcome.Success<?>)) {
                    gate.decided.compareAndSet(null, t);
                }
                gate.arrive();
            });
        }
        gate.await(ts, "all");
        TaskImpl<? extends T> failed = gate.decided.get();
        if (failed == null) {
            List<T> results = new ArrayList<>(ts.size());
            for (TaskImpl<? extends T> t : ts) {
                results.add(t.await());
            }
            return results;
        }
        for (TaskImpl<? extends T> t : ts) {
            t.cancel();
        }
        RuntimeException first = failureOf(failed);
        for (TaskImpl<? extends T> t : ts) {
            Outcome<? extends T> o = t.join();   // the rest unwind: all() returns with none of them running
            if (t != failed && o instanceof Outcome.Failure<?> f) {
                first.addSuppressed(f.cause());
            }
        }
        throw first;
    }

    /** Awaits {@code task} for at most {@code timeout}; on timeout cancels it and throws. */
    public static <T> T timeout(Task<T> task, Duration timeout) {
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or more but was " + timeout);
        }
        try {
            return task.await(timeout);
        } catch (TaskTimeoutException e) {
            task.cancel();
            throw new TaskTimeoutException("task did not finish within " + timeout + " and was cancelled: " + task);
        } catch (TaskCancelledException e) {
            if (Thread.currentThread().isInterrupted()) {
                task.cancel();   // the caller was cancelled: the task it was timing goes with it
            }
            throw e;
        }
    }

    private static <T> List<TaskImpl<? extends T>> checked(List<? extends Task<? extends T>> tasks, String what) {
        Objects.requireNonNull(tasks, "tasks must not be null");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException(what + "() needs at least one task: pass the tasks to combine");
        }
        List<TaskImpl<? extends T>> ts = new ArrayList<>(tasks.size());
        for (Task<? extends T> t : tasks) {
            ts.add((TaskImpl<? extends T>) Objects.requireNonNull(t, "tasks must not contain null"));
        }
        return ts;
    }

    private static RuntimeException failureOf(TaskImpl<?> t) {
        try {
            t.await();
        } catch (RuntimeException e) {
            return e;
        }
        throw new IllegalStateException("task " + t + " succeeded but was recorded as failed");
    }

    private static TaskFailedException allFailed(List<? extends TaskImpl<?>> ts, String message) {
        TaskFailedException all = null;
        for (TaskImpl<?> t : ts) {
            Outcome<?> o = t.join();
            Throwable cause = o instanceof Outcome.Failure<?> f ? f.cause()
                    : new TaskCancelledException("task '" + t.name() + "' was cancelled");
            if (all == null) {
                all = new TaskFailedException(message + "; the first: " + cause, cause);
            } else {
                all.addSuppressed(cause);
            }
        }
        return Objects.requireNonNull(all);
    }

    /** Counts completions down and holds the deciding task; wakes the one waiting thread. */
    private static final class Gate<T> {
        final AtomicReference<@Nullable TaskImpl<? extends T>> decided = new AtomicReference<>();
        private final AtomicInteger remaining;
        private final Thread waiter = Thread.currentThread();

        Gate(int n) {
            remaining = new AtomicInteger(n);
        }

        void arrive() {
            if (remaining.decrementAndGet() == 0 || decided.get() != null) {
                LockSupport.unpark(waiter);
            }
        }

        /** Parks until decided or all arrived; if interrupted, cancels every task and throws. */
        void await(List<? extends TaskImpl<?>> ts, String what) {
            for (TaskImpl<?> t : ts) {
                if (decided.get() == null && t.core.deferred) {
                    t.join();   // the blocking model runs a task when it is first waited for: run them in turn
                }
            }
            while (decided.get() == null && remaining.get() > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    for (TaskImpl<?> t : ts) {
                        t.cancel();
                    }
                    throw new TaskCancelledException(what + "() was cancelled while waiting; its "
                            + ts.size() + " tasks were cancelled too");
                }
                TaskImpl.currentClock().park(this);
            }
        }
    }
}
