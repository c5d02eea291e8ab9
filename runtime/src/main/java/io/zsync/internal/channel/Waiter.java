package io.zsync.internal.channel;

import io.zsync.TaskCancelledException;
import io.zsync.internal.time.Clock;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A thread waiting in a channel: a receiver waiting for an element, or a sender waiting to hand one over. This is the
 * claimable node of the select hook (see {@link io.zsync.channel.Channel}): the channel serves a waiter only after
 * {@link #claim()} wins, and a waiter that gives up wins {@link #abandon()} instead, so exactly one of the two
 * happens. A {@link Selector} queues one node per channel alternative, all sharing the selector's state: the first
 * channel to claim any of them wins the select, and the others' claims fail, so they take or add nothing.
 *
 * <pre>
 *   WAITING ──claim() by the channel, under its lock──▶ CLAIMED ──item written──▶ DELIVERED
 *      └────abandon() by the waiting thread (interrupt, timeout)──▶ ABANDONED
 * </pre>
 */
class Waiter {
    static final int WAITING = 0;
    static final int CLAIMED = 1;
    static final int DELIVERED = 2;
    static final int ABANDONED = 3;

    /** Marks the item of a waiter served by close(): no element, the channel is closed. */
    static final Object CLOSED = new Object();

    private static final AtomicIntegerFieldUpdater<Waiter> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "state");
    private static final int SPINS = 64;
    private static final int YIELDS = 16;

    final Thread thread;
    final @Nullable Selector group;   // the select this node is one alternative of; null for a plain wait
    final int index;                  // the alternative's index in its select
    private volatile int state;       // see the diagram (plain waits; a select's nodes share the group's); CAS via STATE
    @Nullable Object item;            // a sender's element, or what a receiver was handed; written before DELIVERED
                                      // (release), read after it (acquire)

    Waiter(@Nullable Object item) {
        this(item, null, 0);
    }

    Waiter(@Nullable Object item, @Nullable Selector group, int index) {
        this.thread = Thread.currentThread();
        this.item = item;
        this.group = group;
        this.index = index;
    }

    /** The channel takes this waiter; call under the channel's lock, then {@link #deliver}. */
    boolean claim() {
        Selector g = group;
        if (g != null) {
            return g.claim(this);
        }
        return state == WAITING && STATE.compareAndSet(this, WAITING, CLAIMED);
    }

    /** Completes a claimed waiter with {@code result} and wakes its thread. */
    void deliver(@Nullable Object result) {
        item = result;
        Selector g = group;
        if (g != null) {
            g.delivered();
            return;
        }
        state = DELIVERED;
        LockSupport.unpark(thread);
    }

    /** The waiting thread gives up; false if the channel claimed it first (the item is then on its way). */
    boolean abandon() {
        return STATE.compareAndSet(this, WAITING, ABANDONED);
    }

    boolean isWaiting() {
        Selector g = group;
        return g != null ? g.isWaiting() : state == WAITING;
    }

    /**
     * Parks until delivered, the deadline passes ({@code timed}), or the thread is interrupted; on the last two it
     * abandons. Returns whether delivered; if the abandon lost to a claim, waits for the delivery and returns true.
     */
    boolean await(boolean timed, long deadline, Clock clock) {
        for (int spins = 0; state != DELIVERED; spins++) {
            if (Thread.currentThread().isInterrupted() || (timed && clock.isPast(deadline))) {
                if (abandon()) {
                    return false;
                }
                while (state != DELIVERED) {
                    Thread.onSpinWait();   // claimed: the channel is writing the item under its lock
                }
                return true;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else if (spins < SPINS + YIELDS) {
                Thread.yield();   // on a virtual thread: let the other side run on this carrier before parking
            } else if (timed) {
                clock.park(this, deadline);
            } else {
                Clock.current().park(this);   // (an untimed wait is given no clock: look it up only to park)
            }
        }
        return true;
    }

    static TaskCancelledException interrupted(String what) {
        return new TaskCancelledException(what + " interrupted: the waiting thread (or its task) was cancelled;"
                + " nothing was taken from or added to the channel");
    }
}
