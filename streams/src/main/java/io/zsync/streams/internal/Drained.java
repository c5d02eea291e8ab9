package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import io.zsync.internal.flow.Undeliverable;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;

/**
 * The request side of the operators whose one drain loop owns every downstream signal (merge, mapConcurrent, batch):
 * demand is added with saturation (§3.17) and the loop runs; a bad request (§3.9) fails the stream through it.
 */
abstract class Drained implements BothSubscription {
    /** Downstream demand not yet met; {@link Long#MAX_VALUE} = unbounded. Added here, taken by the drain loop. */
    final AtomicLong requested = new AtomicLong();
    /** The pipeline's launcher: where undeliverable errors go. */
    final Launcher launcher;

    Drained(Launcher launcher) {
        this.launcher = launcher;
    }

    @Override
    public final void request(long n) {
        if (n <= 0) {
            fail(Demand.badRequest(n));   // §3.9
            return;
        }
        Demand.add(requested, n);
        drain();
    }

    /**
     * Signals {@code onNext} from the drain loop; a subscriber that throws (breaking §2.13) is treated as having
     * cancelled, and its exception goes to the undeliverable handler. Returns false then: the loop must stop.
     */
    final <T> boolean deliver(Subscriber<? super T> subscriber, T item) {
        try {
            subscriber.onNext(item);
            return true;
        } catch (Throwable broken) {
            Undeliverable.throwIfFatal(broken);
            cancel();
            launcher.undeliverable(Launcher.brokenSubscriber(broken));
            return false;
        }
    }

    /** Ends the stream with {@code failure}: cancels what the operator holds, and lets the loop signal it. */
    abstract void fail(Throwable failure);

    /** Runs the drain loop, or has the running one go round once more. */
    abstract void drain();
}
