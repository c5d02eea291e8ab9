package io.zsync.internal.channel;

import io.zsync.TaskCancelledException;
import io.zsync.internal.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The engine of {@code select}: waits on several clauses and completes exactly one.
 *
 * <p>One round: (1) try every clause now, in random order (or in order, if {@code ordered}), and take the first that
 * is ready; (2) else, unless there is a default or the deadline has passed, register a node on every clause — a
 * {@link Waiter} sharing this selector's state in each channel's queue, a wake-up on each task — re-checking after
 * each registration that the clause is still not ready; (3) park. A channel that notifies one of the nodes (an
 * element arrived, room freed) claims the shared state first (CAS WAITING→CLAIMED), so at most one channel ever
 * notifies a select; the others' claims fail and they notify another waiter. When the selecting thread wakes, it
 * abandons the state (CAS WAITING→ABANDONED) and removes its nodes. If a channel claimed it first, it retries that
 * clause before any other: if the retry fails, what it was notified of was taken by someone else, so no
 * notification is lost. Then it starts a new round. Only {@code tryNow} takes from or adds to a channel, and only
 * the clause whose {@code tryNow} succeeds does, so exactly one alternative takes effect. This is crossbeam-channel's
 * "try, register, abort and retry" scheme (see its {@code select.rs}) on top of zsync's claim/abandon waiters.
 *
 * <p>Fairness: step (1) visits clauses in a fresh random permutation each round, so among ready clauses each is
 * equally likely. A deadline that has passed loses to a clause that is ready at the same moment.
 */
public final class Selector {
    /** The outcome of a channel clause whose channel is closed (and, for a receive, drained). */
    public static final Object CLOSED = new Object();

    /** What {@link Clause#tryNow()} returns when the clause cannot complete without waiting. */
    public static final Object NOT_READY = new Object();

    private static final int WAITING = Waiter.WAITING;
    private static final int CLAIMED = Waiter.CLAIMED;
    private static final int ABANDONED = Waiter.ABANDONED;
    private static final AtomicIntegerFieldUpdater<Selector> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Selector.class, "state");

    /** Rounds of trying every clause, spinning then yielding in between, before registering and parking. */
    private static final int OPTIMISTIC_ROUNDS = 32;

    private final Thread thread = Thread.currentThread();
    private volatile int state;                    // WAITING → CLAIMED, or WAITING → ABANDONED; CAS via STATE
    private volatile @Nullable Waiter winner;      // the claiming node; written by the claimant right after its CAS

    private Selector() {
    }

    /** One alternative of a select. */
    public interface Clause {
        /** Completes now if it can: returns the outcome for {@link #complete}, or {@link #NOT_READY}. */
        Object tryNow();

        /**
         * Registers {@code selector} to be woken when this clause may be ready; returns false, with nothing left
         * registered, if it may be ready now.
         */
        boolean register(Selector selector, int index);

        /** Removes what {@link #register} added; harmless if it was served or removed already. */
        void unregister();
    }

    /**
     * Waits until one of {@code clauses} completes and returns its index and outcome; or returns null at once if
     * {@code waitAtAll} is false and none is ready now, or once {@code deadline} (of {@code clock}) passes, if
     * {@code timed}.
     *
     * @throws TaskCancelledException if the calling thread is interrupted before a clause completes
     */
    public static @Nullable Chosen select(List<? extends Clause> clauses, boolean ordered, boolean waitAtAll,
                                          boolean timed, long deadline, Clock clock) {
        int n = clauses.size();
        int[] order = new int[n];
        for (int round = 0; ; round++) {
            permute(order, ordered);
            for (int i : order) {
                Object outcome = clauses.get(i).tryNow();
                if (outcome != NOT_READY) {
                    return new Chosen(i, outcome);
                }
            }
            if (!waitAtAll || (timed && clock.isPast(deadline))) {
                return null;
            }
            if (round < OPTIMISTIC_ROUNDS && !Thread.currentThread().isInterrupted()) {
                // registering on every clause and parking costs microseconds; an element is likely on its way
                if (round < OPTIMISTIC_ROUNDS / 2) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new TaskCancelledException("select interrupted: the waiting thread (or its task) was"
                        + " cancelled; no alternative took effect");
            }
            Selector s = new Selector();
            int registered = 0;
            boolean ready = false;
            while (registered < n && !ready) {
                ready = !clauses.get(order[registered]).register(s, order[registered]);
                if (!ready) {
                    registered++;
                }
            }
            if (!ready) {
                s.park(timed, deadline, clock);
            }
            boolean notified = !s.abandon();
            for (int k = 0; k < registered; k++) {
                clauses.get(order[k]).unregister();
            }
            if (notified) {
                int i = s.notifier();
                Object outcome = clauses.get(i).tryNow();   // the notifying clause first: see the class comment
                if (outcome != NOT_READY) {
                    return new Chosen(i, outcome);
                }
            }
            // nothing was taken: go round again (a clause may be ready, the deadline past, or the thread
            // interrupted: the next round sees which)
        }
    }

    private static void permute(int[] order, boolean ordered) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (!ordered) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    /** Parks until claimed, woken, interrupted, or past the deadline (or for no reason). */
    private void park(boolean timed, long deadline, Clock clock) {
        if (state == WAITING && !Thread.currentThread().isInterrupted() && !(timed && clock.isPast(deadline))) {
            if (timed) {
                clock.park(this, deadline);
            } else {
                clock.park(this);
            }
        }
    }

    /** A channel takes this select through {@code node}, to notify it. */
    boolean claim(Waiter node) {
        if (state == WAITING && STATE.compareAndSet(this, WAITING, CLAIMED)) {
            winner = node;
            return true;
        }
        return false;
    }

    /** The thread that selects: a channel's nodes for this select unpark it. */
    Thread thread() {
        return thread;
    }

    boolean isWaiting() {
        return state == WAITING;
    }

    private boolean abandon() {
        return STATE.compareAndSet(this, WAITING, ABANDONED);
    }

    /** The index of the clause whose channel claimed this select (after a failed abandon). */
    private int notifier() {
        Waiter w;
        for (int spins = 0; (w = winner) == null; spins++) {
            if (spins < 100) {
                Thread.onSpinWait();   // claimed: the claimant writes `winner` right after its CAS
            } else {
                Thread.yield();        // unless it was descheduled in between: let it run
            }
        }
        return w.index;
    }

    /** Wakes the selecting thread so that it looks again (a task finished); no effect once it was served. */
    public void wake() {
        if (state == WAITING) {
            LockSupport.unpark(thread);
        }
    }

    /** The clause that completed and its outcome. */
    public record Chosen(int index, Object outcome) {
    }
}
