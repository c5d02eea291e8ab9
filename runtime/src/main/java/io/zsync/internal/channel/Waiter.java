package io.zsync.internal.channel;

import io.zsync.TaskCancelledException;
import io.zsync.internal.select.Selector;
import io.zsync.internal.task.TaskImpl;
import io.zsync.internal.time.Clock;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Someone waiting on a channel for an element (a receiver, a subscription with demand) or for room (a sender): a
 * node in one of the channel's waiter queues. This is the claimable node of the select hook (see
 * {@link io.zsync.channel.Channel}). A channel never hands a waiter an element; it notifies it, and the waiter
 * retries its own operation on the buffer. The channel notifies a waiter only after {@link #claim()} wins, and a
 * waiter that gives up wins {@link #abandon()} instead, so each notification reaches exactly one live waiter. A
 * {@link Selector} queues one node per channel alternative, all sharing the selector's state: the first channel to
 * claim any of them notifies the select, which then retries that alternative first.
 *
 * <pre>
 *   WAITING ──claim() by a channel──▶ CLAIMED (notify() follows: unpark, or drain a subscription)
 *      └────abandon() by the waiting thread (interrupt, timeout, ready on re-check)──▶ ABANDONED
 * </pre>
 *
 * A claimed waiter of a buffered channel always retries its operation; if the retry fails, whatever it was notified
 * of (an element, a free slot) was taken by someone else, so no notification is lost. A rendezvous channel moves the
 * element with the claim instead: the claimant, holding the channel's lock, writes {@link #item} (the element handed
 * to a receiver, {@link RendezvousChannel#TAKEN} for a sender whose element was taken, {@link Selector#CLOSED} for
 * either at close) and then claims; a failed claim leaves a dead node, whose item nobody reads. Claimants of one node
 * all hold the same lock, so the write cannot be overwritten by a losing claimant; the claim's CAS publishes it to
 * the waiter, who reads it after seeing the claim.
 *
 * <p>Maintenance: run ChannelTest, ChannelWakeUpStressTest, SelectStressTest, RendezvousLincheckTest and
 * RendezvousStressTest after a change.
 */
class Waiter {
    static final int WAITING = 0;
    static final int CLAIMED = 1;
    static final int ABANDONED = 2;

    private static final AtomicIntegerFieldUpdater<Waiter> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "state");

    final @Nullable Thread thread;    // the thread to unpark; null for a subscription's node (notify() drains it)
    final @Nullable Selector group;   // the select this node is one alternative of; null for a plain wait
    final int index;                  // the alternative's index in its select
    final @Nullable Object offered;   // a rendezvous sender's element; null for every other node
    @Nullable Object item;            // rendezvous only: what the claim moved (see the class comment); written by
                                      // claimants under the channel's lock before the claim, read by the waiter after
    @Nullable Waiter next;            // rendezvous only: the next node of its FIFO; guarded by the channel's lock
    private volatile int state;       // see the diagram (plain waits; a select's nodes share the group's); CAS
    private volatile boolean parking; // a plain waiter is about to park (or parked): a claimant must unpark it.
                                      // Written by the waiter before its last look at `state`; read by the
                                      // claimant after its claim: one of the two sees the other (Dekker)

    /** A node for the calling thread's plain wait. */
    Waiter() {
        this(Thread.currentThread(), null, 0, null);
    }

    /** A node for the calling thread's plain send of {@code offered} to a rendezvous channel. */
    Waiter(Object offered) {
        this(Thread.currentThread(), null, 0, offered);
    }

    Waiter(@Nullable Thread thread, @Nullable Selector group, int index, @Nullable Object offered) {
        this.thread = thread;
        this.group = group;
        this.index = index;
        this.offered = offered;
    }

    /** The channel takes this waiter; on success it must call {@link #notifyWaiter()} (after unlocking). */
    boolean claim() {
        Selector g = group;
        if (g != null) {
            return g.claim(index);
        }
        return state == WAITING && STATE.compareAndSet(this, WAITING, CLAIMED);
    }

    /** Claims this node for a hand-off of {@code what} (see the class comment); lock held. */
    boolean claimWith(Object what) {
        item = what;
        if (claim()) {
            return true;
        }
        item = null;   // dead: nobody reads it; cleared so that it holds no element
        return false;
    }

    /**
     * Wakes a claimed waiter so that it retries (or takes what the claim moved). A plain waiter still spinning is not
     * unparked: it sees the claim by itself, and an unpark of a running virtual thread costs as much as the hand-off.
     */
    void notifyWaiter() {
        Thread t = thread;
        if (t != null && (group != null || parking)) {
            LockSupport.unpark(t);
        }
    }

    /** The waiter gives up; false if a channel claimed it first (it must then retry its operation). */
    boolean abandon() {
        return state == WAITING && STATE.compareAndSet(this, WAITING, ABANDONED);
    }

    boolean isWaiting() {
        Selector g = group;
        return g != null ? g.isWaiting() : state == WAITING;
    }

    /** Whether this node is a live party of another select than {@code selector} (or of a plain wait). */
    boolean isLiveCounterpartOf(@Nullable Selector selector) {
        return (group == null || group != selector) && isWaiting();
    }

    /**
     * Parks until claimed, the deadline passes ({@code timed}), or the thread is interrupted. Returns true if
     * claimed; on a timeout or an interrupt returns {@code !abandon()}: false if it gave up, true if a claim came
     * first (the caller must retry then, the notification is its).
     */
    boolean await(boolean timed, long deadline, Clock clock) {
        return await(timed, deadline, clock, SPINS);
    }

    /** As {@link #await(boolean, long, Clock)}, spinning {@code spinLimit} rounds on the state before parking. */
    boolean await(boolean timed, long deadline, Clock clock, int spinLimit) {
        Clock parkClock = clock;
        for (int spins = 0; state == WAITING; spins++) {
            if (Thread.currentThread().isInterrupted() || (timed && clock.isPast(deadline))) {
                return !abandon();
            }
            if (spins < spinLimit) {
                Thread.onSpinWait();   // a notification is likely on its way: parking costs microseconds
            } else if (!parking) {
                if (!timed) {
                    // An untimed wait is given no clock: look it up now, before the claimant may unpark us. The
                    // lookup's first call on a thread scans the live runtimes under locks, and may park there: it
                    // would swallow an unpark that came after `parking` was set, and the park below would never end
                    // (found by a 1,000,000-element send/recv loop between plain virtual threads with a runtime open).
                    parkClock = TaskImpl.currentClock();
                }
                parking = true;        // from here a claimant unparks: look at the state once more first
            } else if (timed) {
                clock.park(this, deadline);
            } else {
                parkClock.park(this);
            }
        }
        return true;
    }

    /** Busy spins on the state before parking. */
    private static final int SPINS = 16;

    static TaskCancelledException interrupted(String what) {
        return new TaskCancelledException(what + " interrupted: the waiting thread (or its task) was cancelled;"
                + " nothing was taken from or added to the channel");
    }
}
