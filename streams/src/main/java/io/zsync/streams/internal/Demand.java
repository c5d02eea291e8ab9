package io.zsync.streams.internal;

import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/** Demand arithmetic (§3.17) and the errors every operator reports the same way. */
public final class Demand {
    private Demand() {
    }

    /** Adds {@code n > 0} to a demand counter, saturating at {@link Long#MAX_VALUE}; returns the previous value. */
    public static <T> long add(AtomicLongFieldUpdater<T> field, T owner, long n) {
        for (;;) {
            long r = field.get(owner);
            if (r == Long.MAX_VALUE) {
                return r;
            }
            long next = r + n < 0 ? Long.MAX_VALUE : r + n;   // §3.17: saturate
            if (field.compareAndSet(owner, r, next)) {
                return r;
            }
        }
    }

    /** {@link #add(AtomicLongFieldUpdater, Object, long)} for an {@link AtomicLong}. */
    public static long add(AtomicLong counter, long n) {
        for (;;) {
            long r = counter.get();
            if (r == Long.MAX_VALUE) {
                return r;
            }
            long next = r + n < 0 ? Long.MAX_VALUE : r + n;
            if (counter.compareAndSet(r, next)) {
                return r;
            }
        }
    }

    /** The §3.9 error for {@code request(n)} with {@code n <= 0}. */
    public static IllegalArgumentException badRequest(long n) {
        return new IllegalArgumentException("§3.9 violated: positive request amount required but it was " + n);
    }

    /** The §1.1 error for an upstream that emitted more than was requested of it. */
    public static IllegalStateException overflow(String operator) {
        return new IllegalStateException("§1.1 violated: the upstream of " + operator + " emitted more elements"
                + " than were requested; it was cancelled. Fix that publisher, or put a buffering operator that"
                + " honours backpressure in front of it");
    }

    /** The error for a second {@code onSubscribe} (§2.5); the new subscription has been cancelled. */
    public static IllegalStateException duplicateSubscription(String operator) {
        return new IllegalStateException("§2.5 violated: " + operator + " received a second onSubscribe; the new"
                + " subscription was cancelled");
    }

    /**
     * Reports an error that can no longer be delivered (after a terminal signal or a cancel, or thrown by a
     * subscriber): to the current runtime's uncaught handler, else the calling thread's. A cancellation is not
     * a failure and is not reported.
     */
    public static void undeliverable(Throwable error) {
        if (error instanceof java.util.concurrent.CancellationException) {
            return;   // the echo of a cancel (a cancelled task's publisher says so): not a failure
        }
        Thread.UncaughtExceptionHandler handler = Zsync.currentRuntime()
                .map(ZsyncRuntime::config)
                .map(c -> c.uncaughtHandler())
                .orElseGet(() -> Thread.currentThread().getUncaughtExceptionHandler());
        try {
            handler.uncaughtException(Thread.currentThread(), error);
        } catch (Throwable broken) {
            System.getLogger("io.zsync.streams").log(System.Logger.Level.ERROR,
                    "zsync streams: an uncaught handler threw while reporting an undeliverable error", error);
        }
    }

    /** Rethrows {@code error} if it is fatal ({@link VirtualMachineError}), so that no operator swallows one. */
    public static void throwIfFatal(Throwable error) {
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }
}
