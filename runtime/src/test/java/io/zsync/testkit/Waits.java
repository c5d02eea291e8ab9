package io.zsync.testkit;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Deterministic waits for tests: for a state, never for a length of time. Each gives up after a hang guard. */
public final class Waits {
    private static final long HANG_GUARD_NANOS = TimeUnit.SECONDS.toNanos(10);

    private Waits() {
    }

    /** Starts {@code body} on a new daemon platform thread, whose state tells when it parks (see untilParked). */
    public static Thread start(Runnable body) {
        Thread t = new Thread(body);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until {@code thread} is parked (WAITING or TIMED_WAITING): blocked in the call it was started for. */
    public static void untilParked(Thread thread) {
        until(() -> {
            Thread.State s = thread.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        }, "thread " + thread + " to park");
    }

    /** Waits until {@code condition} holds. */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + HANG_GUARD_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
