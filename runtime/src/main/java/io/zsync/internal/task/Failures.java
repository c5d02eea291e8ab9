package io.zsync.internal.task;

import io.zsync.TaskFailedException;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Where failures go that nobody else can see, and the bookkeeping for failed tasks nobody has observed yet.
 */
public final class Failures {

    /**
     * The default uncaught handler: the JVM's default uncaught handler if one is set, else a {@link System.Logger}
     * named {@code io.zsync} at ERROR.
     */
    public static final Thread.UncaughtExceptionHandler DEFAULT_HANDLER = new DefaultHandler();

    private Failures() {
    }

    /** Created on first use: starting a logging backend costs tens of milliseconds of every program's startup. */
    private static final class LoggerHolder {
        static final System.Logger LOGGER = System.getLogger("io.zsync");
    }

    /** A class rather than a method reference: a lambda's bootstrap would cost every program's startup. */
    private static final class DefaultHandler implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread thread, Throwable failure) {
            Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
            if (h != null) {
                h.uncaughtException(thread, failure);
            } else {
                LoggerHolder.LOGGER.log(System.Logger.Level.ERROR,
                        "zsync: uncaught failure (thread " + thread.getName() + ")", failure);
            }
        }

        @Override
        public String toString() {
            return "the default uncaught handler, else System.Logger 'io.zsync'";
        }
    }

    /** Hands {@code failure} to {@code handler}; a handler that throws is logged, never propagated. */
    public static void report(Thread.UncaughtExceptionHandler handler, Throwable failure) {
        try {
            handler.uncaughtException(Thread.currentThread(), failure);
        } catch (Throwable broken) {
            broken.addSuppressed(failure);
            LoggerHolder.LOGGER.log(System.Logger.Level.ERROR,
                    "zsync: the uncaught handler threw while reporting a failure", broken);
        }
    }

    /**
     * Whether {@code failure} is the echo of a cancellation (the exception an interrupt or a cancel ends code with:
     * {@link InterruptedException}, {@link java.util.concurrent.CancellationException} and so
     * {@link io.zsync.TaskCancelledException}, {@link java.nio.channels.ClosedByInterruptException}) rather than news.
     * Such a failure arriving after zsync cancelled its source is not reported; anything else is.
     */
    public static boolean isCancellationEcho(Throwable failure) {
        return failure instanceof InterruptedException || failure instanceof java.util.concurrent.CancellationException
                || failure instanceof java.nio.channels.ClosedByInterruptException;
    }

    /** Lazily started: only programs with an unobserved failed task pay for the cleaner's daemon thread. */
    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "zsync-unobserved-failures");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A failed task's failure that nobody has observed yet. Reported exactly once, when the task's handle becomes
     * unreachable or its runtime closes, unless {@link #settle()} comes first. Holds no reference to the task, so
     * that the task can become unreachable.
     */
    static final class Unobserved implements Runnable {
        private static final AtomicIntegerFieldUpdater<Unobserved> SETTLED =
                AtomicIntegerFieldUpdater.newUpdater(Unobserved.class, "settled");

        private final RuntimeCore core;
        private final String taskName;
        private final Throwable cause;
        private volatile int settled;   // 0 → 1 once, by settle() or by the report; CAS via SETTLED

        Unobserved(RuntimeCore core, String taskName, Throwable cause) {
            this.core = core;
            this.taskName = taskName;
            this.cause = cause;
        }

        /** The failure. */
        Throwable cause() {
            return cause;
        }

        /** Registers for a report when {@code task} becomes unreachable, and with its runtime for close. */
        void watch(TaskImpl<?> task) {
            core.unobserved.add(this);
            CleanerHolder.CLEANER.register(task, this);
        }

        /** Someone has seen the failure: no report. Idempotent. */
        void settle() {
            if (settled == 0 && SETTLED.compareAndSet(this, 0, 1)) {
                core.unobserved.remove(this);
            }
        }

        /** Reports the failure unless it was settled. Runs on the cleaner's thread or the closing thread. */
        @Override
        public void run() {
            if (SETTLED.compareAndSet(this, 0, 1)) {
                core.unobserved.remove(this);
                report(core.config.uncaughtHandler(), new TaskFailedException("task '" + taskName
                        + "' failed and nobody awaited it; await, join or subscribe to a task to handle its failure",
                        cause));
            }
        }
    }
}
