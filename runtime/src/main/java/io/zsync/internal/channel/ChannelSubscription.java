package io.zsync.internal.channel;

import io.zsync.channel.UndeliveredElementException;
import io.zsync.internal.flow.Downstream;
import io.zsync.internal.task.Failures;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;

/** One downstream subscriber of a channel, in either interface family: pulls elements as it has demand. */
final class ChannelSubscription<E> implements Subscription, Flow.Subscription {
    /*
     * Implementation notes.
     *
     * One drain loop, guarded by `wip`, owns every signal after onSubscribe (§1.3): whoever raises `wip` from 0 runs
     * it; others only count a missed round, so request() from inside onNext trampolines (§3.3). The subscription is
     * born holding the loop (`wip` 1) and start() lets go only once onSubscribe has returned: the channel lists it
     * before that, so a close, an element's wake-up or a request made inside onSubscribe only count a round, which
     * start() then runs. (Without the hold, a close on another thread signalled onNext while onSubscribe was still
     * running: the TCK's spec103 test caught it in a run of .ci/run.) The loop takes from the channel
     * (AbstractChannel.pollOrEnd), never more than `requested` (§1.1); with demand and nothing to take, it queues an
     * `interest` node among the channel's receivers, and the element that arrives next wakes it by draining it again (a
     * rendezvous channel's sender hands the element to the interest node itself: the loop takes it from there first,
     * see AbstractChannel.handedTo). At most one interest is queued at a time, and only while there is demand: the loop
     * withdraws it once demand is used up or the subscription ends, and passes on a notification it will not act on, so
     * none is swallowed. A terminal signal, a bad request (§3.9) or cancel (§3.5) ends the subscription: it leaves the
     * channel, and drops its subscriber (§3.13).
     * Maintenance: run ChannelTest, ChannelEdgeRacesTest, RendezvousStressTest, the two *SubscriptionLincheckTest
     * classes, ChannelErrorPathsTest and the Channel*VerificationTest classes (tck) after a change.
     */

    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<ChannelSubscription> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(ChannelSubscription.class, "requested");
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ChannelSubscription> WIP =
            AtomicIntegerFieldUpdater.newUpdater(ChannelSubscription.class, "wip");

    private final AbstractChannel<E> channel;
    private final Downstream<E> downstream;                        // detached when done (§3.13)
    private volatile long requested;                               // outstanding demand; Long.MAX_VALUE = unbounded
    private volatile int wip;                                      // drain-loop ownership and missed rounds
    private volatile boolean cancelled;                            // set once by cancel, a bad request, or the end
    private volatile @Nullable IllegalArgumentException badRequest;   // §3.9, signalled by the drain loop
    private @Nullable Waiter interest;                             // queued among receivers; drain loop only

    ChannelSubscription(AbstractChannel<E> channel, Downstream<E> downstream) {
        this.channel = channel;
        this.downstream = downstream;
        this.wip = 1;   // the drain loop is held until onSubscribe returns: see the notes
    }

    /** Signals onSubscribe, then lets go of the drain loop and runs what came meanwhile. Once, by the subscriber. */
    void start() {
        try {
            downstream.onSubscribe(this);
        } catch (Throwable broken) {
            broken(broken, "onSubscribe");   // cancels: the loop below then only detaches the subscriber
        }
        drainLoop();   // also when nothing came: a channel already closed and drained completes without a request
    }

    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void request(long n) {
        if (cancelled) {
            return;   // §3.6
        }
        if (n <= 0) {
            badRequest = new IllegalArgumentException(
                    "§3.9 violated: positive request amount required but it was " + n);
        } else {
            for (;;) {
                long r = requested;
                long next = r + n < 0 ? Long.MAX_VALUE : r + n;   // §3.17: saturate
                if (REQUESTED.compareAndSet(this, r, next)) {
                    break;
                }
            }
        }
        drain();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            channel.cancelled(this);
            drain();   // the drain loop withdraws a queued interest and detaches the subscriber (§3.13)
        }
    }

    void drain() {
        if (WIP.getAndIncrement(this) == 0) {
            drainLoop();
        }
    }

    /** Runs the drain loop, which the caller owns (it raised `wip` from 0, or start() holds it from birth). */
    private void drainLoop() {
        int missed = 1;
        for (;;) {
            if (!drainOnce()) {
                dropInterest();   // ended: this subscription waits for nothing any more
                downstream.detach();   // here, not in cancel(): an element the loop has taken is still delivered
                return;
            }
            missed = WIP.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** One pass of the drain loop; false once the subscription has ended. */
    private boolean drainOnce() {
        if (cancelled) {
            return false;
        }
        IllegalArgumentException bad = badRequest;
        if (bad != null) {
            cancelled = true;
            channel.cancelled(this);   // as cancel() does: the last subscriber's end cancels the upstream
            signalError(bad);
            return false;
        }
        long r = requested;
        long emitted = 0;
        while (emitted != r) {
            Object e = next();
            if (e == null) {
                break;
            }
            if (e == AbstractChannel.END) {
                end();
                return false;
            }
            if (!signalNext(e) || cancelled) {
                return false;
            }
            emitted++;
        }
        if (emitted == r) {
            dropInterest();   // first: an element handed to it goes back to the channel, so it is not drained yet
            if (channel.isDrained()) {
                end();
                return false;
            }
            // no demand left, so no interest queued: it would swallow a notification meant for others
        }
        if (emitted != 0 && r != Long.MAX_VALUE) {
            REQUESTED.addAndGet(this, -emitted);
        }
        return true;
    }

    /** An element, END, or null: none yet, and an interest is queued (or was already). */
    private @Nullable Object next() {
        for (;;) {
            Waiter w = interest;
            if (w != null && !w.isWaiting()) {
                // claimed (by a rendezvous sender, with its element; else as a wake-up to take again) or withdrawn
                interest = null;
                Object handed = channel.handedTo(w);
                if (handed != null) {
                    return handed;
                }
                continue;
            }
            Object e = channel.pollOrEnd();
            if (e != null && w != null && !w.isWaiting()) {
                // Claimed since we looked. A rendezvous channel holds nothing and queues no sender while a receiver
                // waits, so what we took came after what the claim handed the interest: that goes first, and what
                // we took goes back to the head of the channel (END stays: the channel is closed and drained after).
                // A claim that handed nothing (a buffered channel's wake-up) stays with the interest: dropping the
                // interest passes it on, and forgetting it here would strand a waiter the claim was meant for.
                Object handed = channel.handedTo(w);
                if (handed != null) {
                    interest = null;
                    if (e != AbstractChannel.END) {
                        channel.giveBack(e);
                    }
                    return handed;
                }
            }
            if (e != null) {
                return e;
            }
            if (w != null) {
                if (w.isWaiting()) {
                    return null;   // queued already: the next element wakes this subscription
                }
                continue;   // claimed since we looked: a rendezvous hand-off must be taken from it, not replaced
            }
            w = new Waiter(null, null, 0, null) {
                @Override
                void notifyWaiter() {
                    drain();
                }
            };
            interest = w;
            if (channel.awaitElement(w)) {
                return null;
            }
            // withdrawn (something came meanwhile): take again
        }
    }

    private void dropInterest() {
        Waiter w = interest;
        if (w != null) {
            interest = null;
            channel.dropInterest(w);
        }
    }

    private void end() {
        Throwable cause = channel.closeCause();
        terminate();
        if (cause != null) {
            signalError(cause);
        } else {
            signalComplete();
        }
    }

    /** Ends the subscription before its terminal signal: no further signals, and the channel forgets it. */
    private void terminate() {
        cancelled = true;
        channel.remove(this);
    }

    @SuppressWarnings("unchecked")
    private boolean signalNext(Object e) {
        try {
            downstream.onNext((E) e);
            return true;
        } catch (Throwable broken) {
            // §2.13: cancelled; the element left the channel and reached nobody: it goes to the handler with the
            // failure, never silently (a buffer cannot take it back at its head, where it belongs)
            cancel();
            Failures.report(channel.handler(), new UndeliveredElementException("a subscriber of a channel threw"
                    + " from onNext, breaking §2.13: its subscription was cancelled, and the element it was handed"
                    + " reached nobody; it is in this report (element())", e, broken));
            return false;
        }
    }

    private void signalError(Throwable error) {
        try {
            downstream.onError(error);
        } catch (Throwable broken) {
            broken(broken, "onError");
        }
    }

    private void signalComplete() {
        try {
            downstream.onComplete();
        } catch (Throwable broken) {
            broken(broken, "onComplete");
        }
    }

    /** §2.13: a subscriber that throws is treated as cancelled, and the failure goes to the handler. */
    private void broken(Throwable broken, String method) {
        cancel();
        Failures.report(channel.handler(), new IllegalStateException("a subscriber of a channel threw from "
                + method + ", breaking §2.13; its subscription was cancelled", broken));
    }
}
