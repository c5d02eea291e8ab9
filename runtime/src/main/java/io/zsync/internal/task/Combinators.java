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
 * {@code race}, {@code firstSuccess}, {@code awaitAll} and {@code timeout} over tasks.
 *
 * <p>race, firstSuccess and awaitAll register a completion action on every task (run by the completing thread) that
 * counts down and records the deciding task (the first to finish, the first success, the first failure), then wakes
 * the caller, which parks until it has its answer. The caller, not the actions, cancels the others, and then waits
 * for them to end, at most the runtime's grace period ({@link RuntimeCore#cancelAndAwait}: a task that ignores
 * cancellation is reported to the uncaught handler, not waited for forever). So nothing a combinator was given
 * outlives its call, whether it returns, throws, or its caller is cancelled.
 *
 * <p>Maintenance: run CombinatorsTest and StructuredCombinatorsTest after a change.
 */
public final class Combinators {
    private Combinators() {
    }

    /**
     * The first task to finish decides, whatever it came to: its result is returned or its failure thrown, and the
     * others are cancelled and waited for. A loser that fails with anything but the echo of its cancellation is
     * reported to its runtime's uncaught handler: nobody else could see it.
     */
    public static <T> T race(List<? extends Task<? extends T>> tasks) {
        List<TaskImpl<? extends T>> ts = checked(tasks, "race");
        Gate<T> gate = new Gate<>(ts.size());
        for (TaskImpl<? extends T> t : ts) {
            t.whenComplete(() -> {
                gate.decided.compareAndSet(null, t);
                gate.arrive();
            });
        }
        gate.await(ts, "race");
        TaskImpl<? extends T> winner = Objects.requireNonNull(gate.decided.get());
        List<TaskImpl<?>> losers = others(ts, winner);
        cancelAndAwait(losers, "race() was decided");
        for (TaskImpl<?> t : losers) {
            Outcome<?> o = t.poll();
            Throwable cause = o instanceof Outcome.Failure<?> f ? f.cause()
                    : o instanceof Outcome.Cancelled<?> c ? c.cause() : null;   // Cancelled: thrown while unwinding
            if (cause != null && !Failures.isCancellationEcho(cause)) {
                Failures.report(t.core.config.uncaughtHandler(), new TaskFailedException("task '" + t.name()
                        + "' lost race() and then failed; nobody else could see it", cause));
            }
        }
        return winner.await();
    }

    /** First success wins and the others are cancelled and waited for; if all fail, the first failure, the rest
     *  suppressed. Failures are part of this race: thrown if all fail, else dropped by contract. */
    public static <T> T firstSuccess(List<? extends Task<? extends T>> tasks) {
        List<TaskImpl<? extends T>> ts = checked(tasks, "firstSuccess");
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
        gate.await(ts, "firstSuccess");
        TaskImpl<? extends T> winner = gate.decided.get();
        if (winner != null) {
            List<TaskImpl<?>> losers = others(ts, winner);
            cancelAndAwait(losers, "firstSuccess() was decided");
            for (TaskImpl<?> t : losers) {
                t.poll();   // its outcome is part of the race, so observed; a straggler (reported) is not waited for
            }
            return winner.await();
        }
        throw allFailed(ts, "all " + ts.size() + " tasks of firstSuccess() failed");
    }

    /** Every result in order; the first failure cancels the rest, which are waited for, and is rethrown. */
    public static <T> List<T> awaitAll(List<? extends Task<? extends T>> tasks) {
        List<TaskImpl<? extends T>> ts = checked(tasks, "awaitAll");
        Gate<T> gate = new Gate<>(ts.size());
        for (TaskImpl<? extends T> t : ts) {
            t.whenComplete(() -> {
                if (!(t.outcomeNow() instanceof Outcome.Success<?>)) {
                    gate.decided.compareAndSet(null, t);
                }
                gate.arrive();
            });
        }
        gate.await(ts, "awaitAll");
        TaskImpl<? extends T> failed = gate.decided.get();
        if (failed == null) {
            List<T> results = new ArrayList<>(ts.size());
            for (TaskImpl<? extends T> t : ts) {
                results.add(t.await());
            }
            return results;
        }
        cancelAndAwait(others(ts, failed), "awaitAll() failed");   // the rest unwind: none is left running
        RuntimeException first = failureOf(failed);
        for (TaskImpl<? extends T> t : ts) {
            if (t != failed && t.poll() instanceof Outcome.Failure<?> f) {
                first.addSuppressed(f.cause());
            }
        }
        throw first;
    }

    /** Awaits {@code task} for at most {@code timeout}; on timeout cancels it, waits for it to end, and throws. */
    public static <T> T timeout(Task<T> task, Duration timeout) {
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null: pass for example Duration.ofSeconds(5)");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or more but was " + timeout);
        }
        TaskImpl<T> t = (TaskImpl<T>) task;
        try {
            return task.await(timeout);
        } catch (TaskTimeoutException e) {
            cancelAndAwait(List.of(t), "its timeout (" + timeout + ")");
            if (t.poll() instanceof Outcome.Success<T> late) {
                return late.value();   // it finished as the time ran out: its result stands
            }
            throw new TaskTimeoutException("task '" + t.name() + "' did not finish within " + timeout
                    + " and was cancelled");
        } catch (TaskCancelledException e) {
            if (Thread.currentThread().isInterrupted()) {
                cancelAndAwait(List.of(t), "its caller was cancelled");   // the task goes with the caller
            }
            throw e;
        }
    }

    private static List<TaskImpl<?>> others(List<? extends TaskImpl<?>> ts, TaskImpl<?> one) {
        List<TaskImpl<?>> rest = new ArrayList<>(ts.size());
        for (TaskImpl<?> t : ts) {
            if (t != one) {
                rest.add(t);
            }
        }
        return rest;
    }

    /** Cancels {@code tasks} and waits for them, each runtime's grace period at most; reports stragglers. */
    private static void cancelAndAwait(List<TaskImpl<?>> tasks, String since) {
        if (tasks.isEmpty()) {
            return;
        }
        RuntimeCore core = tasks.get(0).core;
        boolean oneRuntime = true;
        for (TaskImpl<?> t : tasks) {
            oneRuntime &= t.core == core;
        }
        if (oneRuntime) {
            core.cancelAndAwait(tasks, since);
            return;
        }
        for (TaskImpl<?> t : tasks) {
            t.cancel();   // all at once, then each waited for in its own runtime's terms
        }
        for (TaskImpl<?> t : tasks) {
            t.core.cancelAndAwait(List.of(t), since);
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

        /** Parks until decided or all arrived; if interrupted, cancels every task, waits for them, and throws. */
        void await(List<? extends TaskImpl<?>> ts, String what) {
            for (TaskImpl<?> t : ts) {
                if (decided.get() == null && t.core.deferred) {
                    t.join();   // the blocking model runs a task when it is first waited for: run them in turn
                }
            }
            Clock clock = TaskImpl.currentClock();   // before the first look: its first call may park (TaskImpl.current)
            while (decided.get() == null && remaining.get() > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    cancelAndAwait(new ArrayList<>(ts), what + "() was cancelled");
                    throw new TaskCancelledException(what + "() was cancelled while waiting; its "
                            + ts.size() + " tasks were cancelled too, and have ended");
                }
                clock.park(this);
            }
        }
    }
}
