package io.zsync.internal.select;

import io.zsync.TaskCancelledException;
import io.zsync.internal.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The engine of {@code select}: waits on several clauses and completes exactly one.
 *
 * <p>One round: (1) try every clause now, in random order (or in order, if {@code ordered}), and take the first that
 * is ready; (2) else, unless there is a default or the deadline has passed, register a node on every clause — a
 * waiter sharing this selector's state in each channel's (semaphore's, mutex's) queue, a wake-up on each task —
 * re-checking with each registration that the clause is still not ready; (3) park. A party that serves one of the
 * nodes claims the shared state first ({@link #claim}: one CAS from waiting to the index of the node's clause), so at
 * most one party ever serves a select; the others' claims fail and they serve someone else. When the selecting
 * thread wakes, it abandons the state (CAS waiting→abandoned) and removes its nodes. If a claim came first, the state
 * holds the claiming clause's index, and the select completes that clause ({@link Clause#claimed()}) before any
 * other. Then it starts a new round if nothing was taken.
 *
 * <p>Two kinds of clause. A clause whose claim only announces readiness (a buffered channel: "an element arrived")
 * completes by retrying its non-waiting attempt, which takes the element; if someone else took it first, the retry
 * fails, and since no notification is lost (the channel serves another waiter for the next element), the select
 * goes round again. A clause whose claim itself moves something (a rendezvous hand-off, a permit handed over) has
 * completed at the claim: {@link Clause#claimed()} returns what moved and never fails. Either way only the clause
 * whose attempt or claim succeeded takes effect: the losing alternatives take and add nothing. This is
 * crossbeam-channel's "try, register, abort and retry" scheme (see its {@code select.rs}), with kotlinx's habit of
 * publishing the winner in the same CAS that decides it.
 *
 * <p>Fairness: step (1) visits clauses in a fresh random permutation each round, so among ready clauses each is
 * equally likely. A deadline that has passed loses to a clause that is ready at the same moment.
 *
 * <p>Progress between selects is probabilistic, not bounded: two selects that register on the two ends of rendezvous
 * channels at the same moment can each find the other's node queued, both answer "ready", withdraw, retry and find
 * nothing (the other withdrew too), and go round again. Each round's fresh random order and the spinning between
 * rounds break the tie in practice (RendezvousSelectTest's select-against-select runs complete), as in Go, whose
 * select has the same property.
 *
 * <p>Maintenance: run SelectTest, SelectStressTest, RendezvousSelectTest and SelectSyncTest after a change.
 */
public final class Selector {
    /** The outcome of a channel clause whose channel is closed (and, for a receive, drained). */
    public static final Object CLOSED = new Marker("CLOSED");

    /** What {@link Clause#tryNow()} returns when the clause cannot complete without waiting. */
    public static final Object NOT_READY = new Marker("NOT_READY");

    /** The state of a selector whose thread gave up waiting. */
    private static final Object ABANDONED = new Marker("ABANDONED");

    private static final AtomicReferenceFieldUpdater<Selector, Object> STATE =
            AtomicReferenceFieldUpdater.newUpdater(Selector.class, Object.class, "state");

    /** Rounds of trying every clause, spinning then yielding in between, before registering and parking. */
    private static final int OPTIMISTIC_ROUNDS = 32;

    private final Thread thread = Thread.currentThread();
    private volatile @Nullable Object state;   // null while waiting; then ABANDONED (by the selecting thread) or the
                                               // claiming clause's index, an Integer (by the claimant); one CAS
                                               // via STATE decides and publishes it; final once set

    private Selector() {
    }

    /** One alternative of a select. */
    public interface Clause {
        /** Completes now if it can: returns the outcome for the handler, or {@link #NOT_READY}. */
        Object tryNow();

        /**
         * Registers {@code selector} to be woken when this clause may be ready; returns false, with nothing left
         * registered, if it may be ready now.
         */
        boolean register(Selector selector, int index);

        /**
         * Removes what {@link #register} added; harmless if it was served or removed already. Called once the
         * selector no longer waits, so nobody can claim it through this clause any more.
         */
        void unregister();

        /**
         * Completes this clause after a party claimed the select through its node (called after
         * {@link #unregister()}): the outcome, or {@link #NOT_READY} if the claim only announced readiness and a
         * retry found it gone. A clause whose claim moves the element or permit itself returns what moved.
         */
        default Object claimed() {
            return tryNow();
        }

        /**
         * Gives back what a claim through this clause's node moved into the select, because the select fails
         * instead of completing (a clause threw): a permit goes to the next waiter, a received element back to the
         * channel. Nothing to do for a claim that only announced readiness, or one that moved an element out (a
         * rendezvous send has happened and stands). Called after {@link #unregister()}, instead of
         * {@link #claimed()}.
         */
        default void undo() {
        }
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
            try {
                while (registered < n && !ready) {
                    ready = !clauses.get(order[registered]).register(s, order[registered]);
                    if (!ready) {
                        registered++;
                    }
                }
            } catch (Throwable failure) {
                s.giveUp(clauses, order, Math.min(registered + 1, n), failure);
                throw failure;
            }
            if (!ready) {
                s.park(timed, deadline, clock);
            }
            Object claimedBy = s.abandon();
            for (int k = 0; k < registered; k++) {
                clauses.get(order[k]).unregister();
            }
            if (claimedBy != null) {
                int i = (Integer) claimedBy;
                Object outcome = clauses.get(i).claimed();   // the claiming clause first: see the class comment
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
        if (state == null && !Thread.currentThread().isInterrupted() && !(timed && clock.isPast(deadline))) {
            if (timed) {
                clock.park(this, deadline);
            } else {
                clock.park(this);
            }
        }
    }

    /**
     * A party serving this select through the node of clause {@code index} takes it: true if it won (the select is
     * then committed to that clause; the caller must unpark {@link #thread()}), false if the select was served by
     * another party or gave up.
     */
    public boolean claim(int index) {
        return state == null && STATE.compareAndSet(this, null, Integer.valueOf(index));
    }

    /** The thread that selects: a party that claimed this select unparks it. */
    public Thread thread() {
        return thread;
    }

    /** Whether this select still waits to be claimed (a racy snapshot: a claim may follow at once). */
    public boolean isWaiting() {
        return state == null;
    }

    /**
     * A clause threw while this select registered: stops waiting, removes the nodes of the first {@code touched}
     * clauses in {@code order}, and gives back what a claim moved in (so a losing alternative keeps nothing); a
     * further failure is suppressed in {@code failure}, which the caller throws.
     */
    private void giveUp(List<? extends Clause> clauses, int[] order, int touched, Throwable failure) {
        Object claimedBy = abandon();
        for (int k = 0; k < touched; k++) {
            try {
                clauses.get(order[k]).unregister();
            } catch (Throwable t) {
                failure.addSuppressed(t);
            }
        }
        if (claimedBy != null) {
            try {
                clauses.get((Integer) claimedBy).undo();
            } catch (Throwable t) {
                failure.addSuppressed(t);
            }
        }
    }

    /** The selecting thread stops waiting: null if it gave up first, else the index of the clause that claimed it. */
    private @Nullable Object abandon() {
        return STATE.compareAndSet(this, null, ABANDONED) ? null : state;
    }

    /** Wakes the selecting thread so that it looks again (a task finished); no effect once it was served. */
    public void wake() {
        if (state == null) {
            LockSupport.unpark(thread);
        }
    }

    /** The clause that completed and its outcome. */
    public record Chosen(int index, Object outcome) {
    }

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
