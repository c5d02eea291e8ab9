package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;

/**
 * An upstream subscription that may arrive after the first requests and cancels: requests made before it arrives
 * are passed on when it does, a cancel before it arrives cancels it on arrival. It also counts the demand the
 * upstream has not met yet, so that an element nobody asked for is caught (§1.1).
 *
 * <p>Implementation note: `upstream` moves once from null to the subscription or to CANCELLED (CAS, getAndSet);
 * a request that finds it null parks its amount in `pending`, and whichever of set() and that request comes second
 * passes `pending` on (getAndSet(0): once). Maintenance: run MergeTest, RaceTest, ZipTest and their TCK
 * verifications after a change.
 */
final class Deferred {
    private static final Subscription CANCELLED = new Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private final AtomicReference<@Nullable Subscription> upstream = new AtomicReference<>();
    private final AtomicLong pending = new AtomicLong();       // requested before the subscription arrived
    private final AtomicLong outstanding = new AtomicLong();   // requested and not yet received; MAX = unbounded

    /** Takes the upstream subscription; false (and {@code s} cancelled) if there already was one (§2.5). */
    boolean set(Subscription s) {
        if (!upstream.compareAndSet(null, s)) {
            s.cancel();
            return upstream.get() == CANCELLED;   // cancelled before it arrived: not a violation
        }
        long r = pending.getAndSet(0);
        if (r != 0) {
            s.request(r);
        }
        return true;
    }

    void request(long n) {
        Demand.add(outstanding, n);
        Subscription s = upstream.get();
        if (s != null) {
            s.request(n);
            return;
        }
        Demand.add(pending, n);
        s = upstream.get();
        if (s != null) {
            long r = pending.getAndSet(0);
            if (r != 0) {
                s.request(r);
            }
        }
    }

    /** Counts one element received; false if it was not requested (§1.1 violated by the upstream). */
    boolean take() {
        long r = outstanding.get();
        if (r == Long.MAX_VALUE) {
            return true;
        }
        return r != 0 && outstanding.getAndDecrement() > 0;
    }

    void cancel() {
        Subscription s = upstream.getAndSet(CANCELLED);
        if (s != null && s != CANCELLED) {
            s.cancel();
        }
    }
}
