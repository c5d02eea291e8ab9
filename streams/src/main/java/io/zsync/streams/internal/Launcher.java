package io.zsync.streams.internal;

import io.zsync.CheckedRunnable;
import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.ManualClock;
import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.internal.flow.Undeliverable;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Where the streams run their tasks (producers, callables, blocking functions): chosen once, when the pipeline is
 * assembled. The runtime running the assembling task, else the global runtime; if that is absent, closed, or runs
 * {@link ExecutionModel#BLOCKING} (where a task runs only when awaited, so a producer would never start), a shared
 * fallback runtime of virtual threads, created on first use and never closed: its threads are daemon threads, so
 * it never keeps the JVM alive.
 *
 * <p>It also carries what else a pipeline takes from the runtime that built it: the uncaught handler, where every
 * failure that can no longer be delivered goes ({@link #undeliverable(Throwable)}; the rule is stated on
 * {@code io.zsync.streams.Streams}), captured when the pipeline is assembled and not looked up on whichever thread
 * the failure surfaces on; and the runtime's clock, which every wait and timer of the pipeline reads
 * ({@link #nanoTime()}, {@link #schedule(Duration, Runnable)}; a producer's {@code Zsync.sleep} reads it anyway, as a
 * task of that runtime), so that under {@code Zsync.runTest} the streams' time is virtual too.
 */
public final class Launcher {
    private final ZsyncRuntime runtime;
    private final Thread.UncaughtExceptionHandler handler;   // the runtime's, captured at assembly
    private final @Nullable ManualClock clock;               // the runtime's manual clock; null: the system's

    private Launcher(ZsyncRuntime runtime) {
        this.runtime = runtime;
        this.handler = runtime.config().uncaughtHandler();
        this.clock = runtime.config().clock();
    }

    /** The launcher for a pipeline assembled now, on the calling thread. */
    public static Launcher current() {
        ZsyncRuntime current = Zsync.currentRuntime().orElse(null);
        if (current != null && !current.isClosed()
                && current.config().executionModel() != ExecutionModel.BLOCKING) {
            return new Launcher(current);
        }
        return Fallback.LAUNCHER;
    }

    /** Created on first use only: a program that never needs it pays nothing. */
    private static final class Fallback {
        static final Launcher LAUNCHER = new Launcher(ZsyncRuntime.create(
                Config.builder().executionModel(ExecutionModel.VIRTUAL_THREADS).build()));
    }

    /**
     * Spawns {@code body} as a task.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the runtime has closed since assembly
     */
    public <T> Task<T> spawn(Callable<? extends T> body) {
        return runtime.spawn(body);
    }

    /** Spawns {@code body} as a task; see {@link #spawn(Callable)}. */
    public Task<Void> spawn(CheckedRunnable body) {
        return runtime.spawn(body);
    }

    /** The time on the runtime's clock, in nanoseconds; meaningful only as a difference to another value of it. */
    public long nanoTime() {
        ManualClock c = clock;
        return c == null ? System.nanoTime() : c.elapsed().toNanos();
    }

    /**
     * Runs {@code action} once {@code delay} has passed on the runtime's clock, unless the returned timer is
     * cancelled first. On the system clock, the streams' one timer thread hands it to a virtual thread; on a manual
     * clock, a task of the runtime sleeps until then ({@code Zsync.sleep}, which that clock wakes, and which counts
     * as waiting in zsync, so virtual time can move past it). If the runtime has closed, the system clock's timer
     * stands in.
     */
    public Timer schedule(Duration delay, Runnable action) {
        Timer timer = new Timer(action);
        if (clock != null) {
            try {
                Task<Void> t = runtime.spawn(() -> {
                    Zsync.sleep(delay);
                    timer.fire();
                });
                timer.task = t;
                if (timer.isCancelled()) {
                    t.cancel();   // cancelled before `task` was set
                }
                return timer;
            } catch (RejectedExecutionException closed) {
                // fall through to the system clock's timer: the runtime whose time it was is gone
            }
        }
        Future<?> f = Timers.schedule(delay, timer::fire);
        timer.future = f;
        if (timer.isCancelled()) {
            f.cancel(false);
        }
        return timer;
    }

    /**
     * A pending action of {@link #schedule(Duration, Runnable)}. It either fires or is cancelled, never both: one CAS
     * on `state` (ARMED to FIRED or to CANCELLED) decides, so an action running when its own stream ends (a timeout
     * failing the stream cancels its timer) is never interrupted by that cancel. Maintenance: run
     * VirtualTimeStreamsTest, TimeoutTest and BatchTest after a change.
     */
    public static final class Timer {
        private static final int ARMED = 0;
        private static final int FIRED = 1;
        private static final int CANCELLED = 2;

        private final AtomicInteger state = new AtomicInteger(ARMED);   // ARMED, then FIRED or CANCELLED, by CAS
        private final Runnable action;
        private volatile @Nullable Task<Void> task;        // the sleeping task (manual clock), once spawned
        private volatile @Nullable Future<?> future;       // the timer thread's entry (system clock), once scheduled

        Timer(Runnable action) {
            this.action = action;
        }

        private void fire() {
            if (state.compareAndSet(ARMED, FIRED)) {
                action.run();
            }
        }

        private boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        /** Calls the action off, unless it has fired; idempotent. */
        public void cancel() {
            if (state.compareAndSet(ARMED, CANCELLED)) {
                Task<Void> t = task;
                if (t != null) {
                    t.cancel();
                }
                Future<?> f = future;
                if (f != null) {
                    f.cancel(false);
                }
            }
        }
    }

    /**
     * Reports a failure that can no longer be delivered to the uncaught handler of the runtime that built the
     * pipeline, unless it is the echo of a cancellation ({@link Undeliverable#isCancellationEcho}): the exception
     * an interrupt or a cancel ends code with, expected once the stream was cancelled.
     */
    public void undeliverable(Throwable failure) {
        if (!Undeliverable.isCancellationEcho(failure)) {
            Undeliverable.report(handler, failure);
        }
    }

    /** The error a subscriber that threw from {@code onNext} is reported with (§2.13). */
    static IllegalStateException brokenSubscriber(Throwable thrown) {
        return new IllegalStateException("a subscriber threw from onNext, breaking §2.13; its subscription was"
                + " cancelled", thrown);
    }

    @Override
    public String toString() {
        return "Launcher[" + runtime + "]";
    }
}
