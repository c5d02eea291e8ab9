package io.zsync.internal.task;

import io.zsync.TaskFailedException;
import io.zsync.internal.flow.Undeliverable;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Where failures go that nobody else can see, and the bookkeeping for failed tasks nobody has observed yet.
 */
public final class Failures {

    /** The default uncaught handler; see {@link Undeliverable#DEFAULT_HANDLER}. */
    public static final Thread.UncaughtExceptionHandler DEFAULT_HANDLER = Undeliverable.DEFAULT_HANDLER;

    private Failures() {
    }

    /** Hands {@code failure} to {@code handler}: {@link Undeliverable#report}, the one path (see its rule). */
    public static void report(Thread.UncaughtExceptionHandler handler, Throwable failure) {
        Undeliverable.report(handler, failure);
    }

    /** See {@link Undeliverable#isCancellationEcho}. */
    public static boolean isCancellationEcho(Throwable failure) {
        return Undeliverable.isCancellationEcho(failure);
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
