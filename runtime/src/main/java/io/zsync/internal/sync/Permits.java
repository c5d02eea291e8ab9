package io.zsync.internal.sync;

import io.zsync.TaskCancelledException;
import io.zsync.internal.select.Selector;
import io.zsync.internal.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A count of permits with a FIFO queue of waiting threads: what {@link SemaphoreImpl} and {@link MutexImpl} share.
 * Subclasses add the checks of their contract (the total of a semaphore, the owner of a mutex).
 */
abstract class Permits {
    /*
     * Implementation notes.
     *
     * Roles: any number of takers (acquire/lock, timed or not, and try*) and givers (release/unlock).
     *
     * State: one int, `state`.
     *     state > 0    that many permits are free and nobody waits
     *     state == 0   no permit is free and nobody waits
     *     state < 0    no permit is free and -state threads are queued
     * A free permit and a queued waiter never coexist, so FIFO fairness is structural: a taker takes a permit only
     * when state > 0, which means nobody is queued; it cannot barge past a waiter.
     *
     * Fast paths (no lock, one CAS): take when state > 0 (state - 1); give when state >= 0 (state + 1).
     * Slow paths, under `lock` (a ReentrantLock: no thread parks while holding it, so no carrier is pinned and no
     * waiter waits on it for long):
     *   - a taker that finds state <= 0 joins the queue: CAS state - 1, then appends its node, both under the lock;
     *   - a giver that finds state < 0 hands its permit to the first node it can claim: CAS state + 1 (one waiter
     *     fewer) and poll the head, until a claim wins, or state has come back to >= 0 (every waiter gave up), in
     *     which case the permit becomes free (state + 1);
     *   - a waiter that gives up and wins its abandon removes its node, if still queued, and adds 1 (one fewer).
     * Invariant, under the lock: queue.size() == max(0, -state). It holds because only lock holders move state
     * below zero or change it while it is below zero (the fast paths need state >= 0 and CAS from the value they
     * read), and every such change adds or removes exactly one node in the same critical section.
     *
     * The permit in flight: a node polled by a giver is claimed (the permit is the waiter's) or found abandoned (its
     * thread gave up first, the giver keeps the permit and tries the next node). A waiter whose abandon loses has been
     * claimed: it waits for grant() and returns as the holder, even if it was interrupted or its deadline passed at
     * that moment. So a permit is never lost, never doubled.
     *
     * Linearization points: tryTake and the fast paths at their CAS; a slow take at its CAS under the lock if it
     * found a free permit, else at the claim of its node by a giver; a give at its CAS (fast, or the CAS that
     * decides free vs hand-off); a give that hands off takes effect for both sides at the claim. A timed-out or
     * cancelled take is a no-op linearized at its successful abandon.
     *
     * Progress: tryTake and fast gives are lock-free; waits park (virtual threads unmount; the queue lock is never
     * held across a park). Waiters park at once by default (SPINS), see WaitNode.await.
     * Maintenance: run SemaphoreTest, MutexTest (hand-off races, cancellation, timeouts on a ManualClock),
     * SemaphoreLincheckTest, MutexLincheckTest (non-waiting operations), HandOffModelTest (claim vs abandon, model
     * checked), SemaphoreStressTest, MutexStressTest and SelectSyncTest after a change; for speed, bench's
     * SemaphoreBenchmark and MutexBenchmark.
     */

    /**
     * Rounds a queued waiter spins before it parks, hoping for a hand-off that spares the park and unpark. System
     * property {@code zsync.sync.spins}, read once. Default 0, parking at once: SemaphoreBenchmark (64 virtual
     * threads, 4 permits, 2 cores) measured 0, 32 and 512 rounds within each other's error (bench/README.md), so
     * spinning only burns a carrier that another virtual thread could use.
     */
    static final int SPINS = Math.max(0, Integer.getInteger("zsync.sync.spins", 0));

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Permits.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int limit;                      // most permits that can ever be free: the total; final
    private volatile int state;                   // see the notes; CAS via STATE, by anyone when >= 0, by lock
                                                  // holders only when < 0
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<WaitNode> queue = new ArrayDeque<>();   // guarded by lock; FIFO

    Permits(int limit, int free) {
        this.limit = limit;
        this.state = free;
    }

    // ---- take ----

    /** Takes a free permit if there is one and nobody waits; never waits. */
    final boolean tryTake() {
        for (int s = state; s > 0; s = state) {
            if (STATE.compareAndSet(this, s, s - 1)) {
                return true;
            }
        }
        return false;
    }

    /** The single CAS of an uncontended mutex: takes the only permit if it is free. */
    final boolean tryTakeOnly() {
        return STATE.compareAndSet(this, 1, 0);
    }

    /**
     * Takes a permit, waiting in FIFO order until one is handed over, the deadline passes ({@code timed}), or the
     * thread is interrupted. Returns false on the deadline. Throws on an interrupt, leaving the flag set, unless the
     * permit was handed over at that moment: then it returns true and the caller holds it.
     */
    final boolean take(boolean timed, long deadline, Clock clock, String what) {
        if (tryTake()) {
            return true;
        }
        WaitNode node;
        lock.lock();
        try {
            int s;
            do {
                s = state;
                if (s > 0) {
                    if (STATE.compareAndSet(this, s, s - 1)) {
                        return true;
                    }
                    continue;
                }
                if (timed && clock.isPast(deadline)) {
                    return false;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw cancelled(what);
                }
            } while (!STATE.compareAndSet(this, s, s - 1));   // one more waiter: from here givers take the lock
            node = new WaitNode();
            queue.addLast(node);
        } finally {
            lock.unlock();
        }
        if (node.await(timed, deadline, clock)) {
            return true;
        }
        forget(node);
        if (Thread.currentThread().isInterrupted()) {
            throw cancelled(what);
        }
        return false;
    }

    /** After a won abandon: removes the node if no giver polled it yet, and counts one waiter fewer. */
    private void forget(WaitNode node) {
        lock.lock();
        try {
            if (queue.remove(node)) {
                STATE.getAndAdd(this, 1);   // state < 0 while the node is queued: only lock holders change it
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- give ----

    /** The single CAS of an uncontended mutex unlock: frees the permit if nobody waits. */
    final boolean tryGiveOnly() {
        return STATE.compareAndSet(this, 0, 1);
    }

    /**
     * Returns a permit: to the first waiter still waiting, else to the free ones.
     *
     * @throws IllegalStateException if that would make more than the total free; nothing changes then
     */
    final void give() {
        for (int s = state; s >= 0; s = state) {
            if (s >= limit) {
                throw overGiven();
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return;
            }
        }
        WaitNode granted = null;
        lock.lock();
        try {
            granted = handOffLocked();
        } finally {
            lock.unlock();
        }
        if (granted != null) {
            LockSupport.unpark(granted.thread);
        }
    }

    /** Gives the permit to the first claimable node, or frees it if none is left; returns the node to unpark. */
    private @Nullable WaitNode handOffLocked() {
        for (;;) {
            int s = state;
            if (s >= 0) {   // every waiter gave up meanwhile: the permit becomes free
                if (s >= limit) {
                    throw overGiven();
                }
                if (STATE.compareAndSet(this, s, s + 1)) {
                    return null;
                }
                continue;
            }
            STATE.getAndAdd(this, 1);   // s < 0: only lock holders change it; one waiter fewer
            WaitNode node = queue.pollFirst();
            if (node != null && node.claim()) {
                handedTo(node.thread);
                node.grant();
                return node;
            }
            // abandoned: its thread will find it gone from the queue and not count it again; try the next
        }
    }

    // ---- select ----

    /**
     * A select clause that takes a permit. Not ready, it is a queued waiter like any other (FIFO among them), whose
     * claim hands the permit to the select; its outcome is {@link Boolean#TRUE}, and the select then holds the permit.
     */
    final Selector.Clause takeClause() {
        return new TakeClause();
    }

    /** The non-waiting take of a select's clause: {@link #tryTake()}, plus what the subclass records (an owner). */
    boolean tryTakeForSelect() {
        return tryTake();
    }

    private final class TakeClause implements Selector.Clause {
        private @Nullable WaitNode node;   // queued while registered; kept for claimed()

        @Override
        public Object tryNow() {
            return tryTakeForSelect() ? Boolean.TRUE : Selector.NOT_READY;
        }

        @Override
        public boolean register(Selector selector, int index) {
            lock.lock();
            try {
                int s;
                do {
                    s = state;
                    if (s > 0) {
                        return false;   // a permit is free: the select's retry takes it
                    }
                } while (!STATE.compareAndSet(Permits.this, s, s - 1));   // one more waiter, as in take()
                WaitNode w = new WaitNode(selector, index);
                queue.addLast(w);
                node = w;
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void unregister() {
            WaitNode w = node;
            if (w != null) {
                forget(w);   // still queued: one waiter fewer; polled by a giver (served, or skipped): gone already
            }
        }

        @Override
        public Object claimed() {
            Objects.requireNonNull(node).awaitGrant();
            return Boolean.TRUE;
        }

        @Override
        public void undo() {
            Objects.requireNonNull(node).awaitGrant();
            returnTaken();   // handed to a select that then failed: the next waiter gets it
        }
    }

    /** Gives back a permit a select was handed and does not keep (a mutex also forgets its owner). */
    void returnTaken() {
        give();
    }

    /** Called under the queue lock when a permit is handed to {@code thread}, before that thread can go on. */
    void handedTo(Thread thread) {
    }

    /** The error of a give that would free more permits than the total. */
    abstract IllegalStateException overGiven();

    // ---- queries ----

    /** Free permits now: zero while anyone waits. A racy snapshot. */
    final int free() {
        return Math.max(0, state);
    }

    /** Threads queued now. A racy snapshot. */
    final int queued() {
        return Math.max(0, -state);
    }

    final int limit() {
        return limit;
    }

    // ---- shared argument checks and helpers ----

    /** The deadline of a timed wait, on the calling task's clock; rejects a negative or null timeout. */
    static long deadline(Clock clock, Duration timeout, String method) {
        Objects.requireNonNull(timeout, "timeout must not be null: pass a Duration, Duration.ZERO to not wait");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0 but was " + timeout + "; pass Duration.ZERO"
                    + " (or call the try method) to not wait, or clamp a computed remaining time at zero before "
                    + method);
        }
        return clock.deadlineAfter(timeout);
    }

    /** A body that returns nothing, for {@link #holding}; null stays null, for its check. */
    static @Nullable Callable<Void> runnable(io.zsync.@Nullable CheckedRunnable action) {
        return action == null ? null : new io.zsync.internal.task.RunnableBody(action);
    }

    /** withPermit and withLock: checks {@code action}, then runs it between {@code enter} and {@code exit}. */
    static <T> T holding(Runnable enter, @Nullable Callable<T> action, Runnable exit, String method)
            throws Exception {
        Objects.requireNonNull(action, () -> "action must not be null: pass the code to run in " + method);
        enter.run();
        try {
            return action.call();
        } finally {
            exit.run();
        }
    }

    private static TaskCancelledException cancelled(String what) {
        return new TaskCancelledException(what + " interrupted: the waiting thread (or its task) was cancelled;"
                + " no permit was taken, nothing needs to be released");
    }
}
