package io.zsync.internal.flow;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Demand arithmetic (§3.17) and the protocol errors every Publisher and Subscriber of zsync reports the same way;
 * shared by the runtime and streams (a qualified export).
 */
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
            long next = r + n < 0 ? Long.MAX_VALUE : r + n;   // §3.17: saturate
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
}
