package io.zsync.internal.time;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The time zsync's waits read: the system's monotonic clock, or a {@link ManualTime} a test moves by hand. Every
 * deadline (sleep, timed await, timed channel and semaphore waits, select timers, timeouts) is a value of
 * {@link #nanoTime()} of the clock of the calling task's runtime (which the task package finds:
 * {@code TaskImpl.currentClock()}; this package is the bottom layer and knows no task), and every timed park goes
 * through {@link #park(Object, long)}, so a manual clock can wake it when time moves.
 */
public abstract class Clock {
    /** {@link System#nanoTime()} and {@link LockSupport#parkNanos(Object, long)}. */
    public static final Clock SYSTEM = new SystemClock();

    Clock() {
    }

    /** The current time in nanoseconds; meaningful only as a difference to another value of this clock. */
    public abstract long nanoTime();

    /**
     * Parks the calling thread until {@code deadline} (a {@link #nanoTime()} value) has passed, it is unparked, or it
     * is interrupted; like every park, it may also return for no reason. Callers re-check their condition.
     */
    public abstract void park(Object blocker, long deadline);

    /**
     * Parks the calling thread as {@link #park(Object, long)} does, for a sleep: a wait whose deadline is its end, not
     * a time limit on waiting for something else. A manual clock releases a sleep before a timeout due at the same
     * instant.
     */
    public void sleep(Object blocker, long deadline) {
        park(blocker, deadline);
    }

    /**
     * Parks the calling thread until it is unparked or interrupted (or for no reason): a zsync wait with no deadline.
     * Every zsync wait parks through this or {@link #park(Object, long)}, so that a manual clock knows which threads
     * wait in zsync (and may be woken only by zsync or by time) when it decides whether to advance by itself.
     */
    public abstract void park(Object blocker);

    /**
     * This clock's view of wall time: {@link System#nanoTime()} and real timed parks, for a wait whose limit is real
     * time whatever the clock (a grace period given to code that may ignore cancellation). Under a manual clock such
     * a park still counts as a zsync wait, so virtual time keeps moving for the tasks it waits for.
     */
    public Clock wallTime() {
        return this;
    }

    /** A deadline {@code timeout} from now; zero or negative means now; saturates at about 146 years. */
    public final long deadlineAfter(Duration timeout) {
        long now = nanoTime();
        if (timeout.isNegative() || timeout.isZero()) {
            return now;
        }
        long max = Long.MAX_VALUE / 2;
        return now + (timeout.compareTo(Duration.ofNanos(max)) >= 0 ? max : timeout.toNanos());
    }

    /** Whether {@code deadline} has passed. */
    public final boolean isPast(long deadline) {
        return deadline - nanoTime() <= 0;
    }

    private static final class SystemClock extends Clock {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void park(Object blocker, long deadline) {
            LockSupport.parkNanos(blocker, deadline - System.nanoTime());
        }

        @Override
        public void park(Object blocker) {
            LockSupport.park(blocker);
        }

        @Override
        public String toString() {
            return "system clock";
        }
    }
}
