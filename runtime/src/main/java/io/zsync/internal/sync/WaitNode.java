package io.zsync.internal.sync;

import io.zsync.internal.select.Selector;
import io.zsync.internal.task.TaskImpl;
import io.zsync.internal.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * One thread queued for a permit. A releaser serves it only after {@link #claim()} wins, a thread that gives up
 * (cancelled, timed out) only after {@link #abandon()} wins: the CAS decides who owns the permit in flight, so it is
 * neither lost (both think the other has it) nor doubled (both keep it).
 *
 * <pre>
 *   QUEUED ──claim(), releaser, under the queue lock──▶ CLAIMED ──grant()──▶ GRANTED   (the waiter holds a permit)
 *      └────abandon(), the waiting thread (interrupt, deadline)──▶ ABANDONED            (the releaser skips it)
 * </pre>
 *
 * CLAIMED is a short step between the two writes of a hand-off: the releaser may record the new holder (a mutex's
 * owner) before the waiter can run on. A waiter whose abandon lost spins through it.
 *
 * <p>A select's node ({@code group} set) is claimed through its {@link Selector}: one CAS for all the select's nodes,
 * so at most one releaser (or channel) serves the select. Its own state then goes QUEUED → CLAIMED → GRANTED as
 * above, written by the releaser only; the selecting thread gives up through the selector, never through
 * {@link #abandon()}, and waits out the CLAIMED step in {@link #awaitGrant()}.
 *
 * <p>Maintenance: run HandOffModelTest, SemaphoreTest, MutexTest and SelectSyncTest after a change.
 */
final class WaitNode {
    private static final int QUEUED = 0;
    private static final int CLAIMED = 1;
    private static final int GRANTED = 2;
    private static final int ABANDONED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;                  // the waiting thread; final, published with the node by the queue lock
    private final @Nullable Selector group;   // the select this node is an alternative of; null for a plain wait
    private final int index;              // the alternative's index in its select
    private volatile int state;           // see the diagram; CAS via STATE; GRANTED and ABANDONED are final

    WaitNode() {
        this.thread = Thread.currentThread();
        this.group = null;
        this.index = 0;
    }

    /** A select's node: claimed through {@code group}, as its alternative {@code index}. */
    WaitNode(Selector group, int index) {
        this.thread = group.thread();
        this.group = group;
        this.index = index;
    }

    /** The releaser takes this node; false if its thread gave up first. Call under the queue lock. */
    boolean claim() {
        Selector g = group;
        if (g != null) {
            if (!g.claim(index)) {
                return false;   // the select was served by another alternative, or gave up
            }
            state = CLAIMED;   // only the claimant writes a select node's state
            return true;
        }
        return STATE.compareAndSet(this, QUEUED, CLAIMED);
    }

    /** A select that was claimed through this node waits out the CLAIMED step: it holds the permit from grant on. */
    void awaitGrant() {
        while (state != GRANTED) {
            Thread.onSpinWait();   // the releaser is between claim() and grant(), under its lock: a few instructions
        }
    }

    /** Completes a claimed node: from this write on, its thread holds the permit. Unpark it afterwards. */
    void grant() {
        state = GRANTED;   // volatile: what the releaser wrote before (a mutex's owner) is visible to the waiter
    }

    /** The waiting thread gives up; false if a releaser claimed it first (then the permit is on its way). */
    boolean abandon() {
        return STATE.compareAndSet(this, QUEUED, ABANDONED);
    }

    /**
     * Parks until granted, the deadline passes ({@code timed}), or the thread is interrupted; on the last two it
     * abandons. Returns whether granted: if the abandon lost to a claim, it waits out the CLAIMED step and returns
     * true, with the interrupt flag as it was.
     */
    boolean await(boolean timed, long deadline, Clock clock) {
        Clock parkClock = null;   // an untimed wait's clock, looked up before the first park (see below)
        for (int spins = 0; state != GRANTED; spins++) {
            if (Thread.currentThread().isInterrupted() || (timed && clock.isPast(deadline))) {
                if (abandon()) {
                    return false;
                }
                while (state != GRANTED) {
                    Thread.onSpinWait();   // claimed: the releaser is between claim() and grant(), under its lock
                }
                return true;
            }
            if (spins < Permits.SPINS) {
                Thread.onSpinWait();
            } else if (timed) {
                clock.park(this, deadline);
            } else if (parkClock == null) {
                // Through the clock, so that a manual clock sees this wait. The lookup may park on its first call on
                // a thread (it scans the live runtimes under locks), swallowing a grant's unpark: look the state
                // over again after it, never between the last look and the park.
                parkClock = TaskImpl.currentClock();
            } else {
                parkClock.park(this);
            }
        }
        return true;
    }
}
