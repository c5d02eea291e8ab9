package io.zsync.streams.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of the streams on the system clock (batch deadlines, timeouts): a daemon platform thread,
 * started on first use, that only hands each expired action to a new virtual thread, so that a slow action delays no
 * other timer. Use it through {@link Launcher#schedule}, which times with the runtime's own tasks instead when that
 * runtime runs on a manual clock: this thread reads the system clock only.
 */
public final class Timers {
    private Timers() {
    }

    private static final class Holder {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "zsync-streams-timer");
                t.setDaemon(true);   // never keeps the JVM alive
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);   // cancelled timeouts do not pile up
            return timer;
        }
    }

    /** Runs {@code action} on a new virtual thread after {@code delay}; cancel the result to call it off. */
    public static ScheduledFuture<?> schedule(Duration delay, Runnable action) {
        return Holder.TIMER.schedule(() -> Thread.ofVirtual().start(action), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
