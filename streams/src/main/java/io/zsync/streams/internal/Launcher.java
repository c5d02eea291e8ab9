package io.zsync.streams.internal;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.CheckedRunnable;
import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.internal.flow.Undeliverable;
import java.util.concurrent.Callable;

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
 * the failure surfaces on.
 */
public final class Launcher {
    private final ZsyncRuntime runtime;
    private final Thread.UncaughtExceptionHandler handler;   // the runtime's, captured at assembly

    private Launcher(ZsyncRuntime runtime) {
        this.runtime = runtime;
        this.handler = runtime.config().uncaughtHandler();
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
