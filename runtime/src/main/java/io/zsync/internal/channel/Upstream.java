package io.zsync.internal.channel;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;

/**
 * The upstream subscription of a channel, whichever interface family it came from. Receivers on any thread free
 * room and so ask for more; this class makes those calls serial (§2.7): demand is added to {@code pending}, and
 * whoever raises {@code wip} from 0 makes the calls, the others only count a missed round. After {@link #cancel()}
 * no further request is made. A call that throws (§3.16 says neither may) breaks the subscription: no further call
 * is made (a failed request is followed by a cancel, whose own failure is suppressed), and the channel is told
 * ({@code broken}), which closes with the failure, or reports it if closed already.
 *
 * <p>Maintenance: run ChannelBackpressureTest and the Channel*ProcessorVerificationTest classes (tck) after a change.
 */
abstract class Upstream {
    private static final AtomicLongFieldUpdater<Upstream> PENDING =
            AtomicLongFieldUpdater.newUpdater(Upstream.class, "pending");
    private static final AtomicIntegerFieldUpdater<Upstream> WIP =
            AtomicIntegerFieldUpdater.newUpdater(Upstream.class, "wip");

    private volatile long pending;      // demand not yet requested; getAndSet by the signalling thread
    private volatile boolean cancel;    // set once by cancel()
    private boolean cancelled;          // the cancel call was made; signalling thread only
    private volatile int wip;           // signalling ownership and missed rounds
    private final Consumer<Throwable> broken;

    private Upstream(Consumer<Throwable> broken) {
        this.broken = broken;
    }

    abstract void doRequest(long n);

    abstract void doCancel();

    /** Asks for {@code n} more (n > 0), serially with every other call. */
    final void request(long n) {
        PENDING.getAndAdd(this, n);   // never overflows: the channel asks for at most its capacity, or a batch
        signal();
    }

    /** Cancels, serially with every other call; later requests are dropped. */
    final void cancel() {
        cancel = true;
        signal();
    }

    private void signal() {
        if (WIP.getAndIncrement(this) != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!cancelled) {
                if (cancel) {
                    cancelled = true;
                    try {
                        doCancel();
                    } catch (Throwable t) {
                        broken.accept(violation("cancel", t));
                    }
                } else {
                    long n = PENDING.getAndSet(this, 0);
                    if (n > 0) {
                        try {
                            doRequest(n);
                        } catch (Throwable t) {
                            cancelled = true;
                            IllegalStateException v = violation("request(" + n + ")", t);
                            try {
                                doCancel();
                            } catch (Throwable t2) {
                                v.addSuppressed(t2);
                            }
                            broken.accept(v);
                        }
                    }
                }
            }
            missed = WIP.addAndGet(this, -missed);
        } while (missed != 0);
    }

    private static IllegalStateException violation(String call, Throwable t) {
        return new IllegalStateException("§3.16 violated: the channel's upstream threw from Subscription." + call
                + "; the subscription is treated as cancelled and the channel closed with this error (fix the upstream"
                + " publisher: request and cancel must return normally)", t);
    }

    /** {@code s}, whose broken calls go to {@code broken}. */
    static Upstream of(Subscription s, Consumer<Throwable> broken) {
        return new Upstream(broken) {
            @Override
            void doRequest(long n) {
                s.request(n);
            }

            @Override
            void doCancel() {
                s.cancel();
            }
        };
    }

    /** {@code s}, whose broken calls go to {@code broken}. */
    static Upstream of(Flow.Subscription s, Consumer<Throwable> broken) {
        return new Upstream(broken) {
            @Override
            void doRequest(long n) {
                s.request(n);
            }

            @Override
            void doCancel() {
                s.cancel();
            }
        };
    }
}
