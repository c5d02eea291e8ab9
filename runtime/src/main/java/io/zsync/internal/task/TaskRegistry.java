package io.zsync.internal.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A runtime's live tasks: every task from spawn until it completes, so that close() can cancel and await them.
 *
 * <p>Lock-free: a spawn pushes its task onto one stripe's intrusive stack with one CAS and reads no other task; a
 * completion marks its own task {@code unlisted}, counts it, and every so often sweeps the stripe's dead tasks out.
 * So the spawning thread, usually the bottleneck, does the least, and the finishing threads tidy up. (A lock per
 * spawn and per completion was ~12 % of spawn+await's CPU samples, and made finishing tasks wait for the spawner.)
 */
final class TaskRegistry {
    /*
     * Implementation notes.
     *
     * Roles: any number of pushers (spawning threads) and of completers (finishing tasks), readers (close,
     * snapshot); at most one sweeper per stripe at a time: a completer that wins the stripe's `sweeping` flag.
     * Each stripe is a stack linked through the tasks' `nextLive`, newest first. Writers of `nextLive`:
     *   - a pusher writes its own task's link before the CAS on `head` that publishes the task, never again;
     *   - the sweeper writes the link of a linked node it holds (its cursor `pred`), replacing a dead successor by
     *     that successor's successor; the head node it starts from stays (only pushers move `head`);
     *   so a published link has one writer at a time, and the link of an unlinked node never changes again.
     * Invariant: from any node ever pushed, following `nextLive` reaches every live (not unlisted) task pushed before
     * it on that stripe: the sweeper bypasses only unlisted nodes, and a reader that holds an unlinked node (or a
     * stale link) follows frozen links that rejoin the stack below it.
     * Linearization points: add = the CAS on `head`; remove = the write of `unlisted` (plain: it is published by the
     * task's volatile outcome write that follows, and a sweeper or reader that sees a stale false keeps the node).
     * Close (Dekker): add CASes `head`, then reads `closed`; close writes `closed`, then reads every head; all are
     * volatile. So either add sees closed (and the caller discards its task: it may be in close's list, done), or
     * close's traversal reaches the task.
     * Memory: a completion counts itself in its stripe's `dead`; the completer that brings `dead` to the stripe's
     * `budget`, max(MIN_BUDGET, the live tasks the last sweep kept), sweeps. So a stripe links at most about its live
     * tasks plus max(MIN_BUDGET, its live tasks at the last sweep) dead ones, and a sweep, which visits the live and the
     * dead, costs O(1) amortized per completion. A linked dead task keeps its outcome reachable until it is unlinked.
     * A snapshot may hold a task that completed while it was taken.
     * Tests: TaskRegistryLincheckTest (add, remove, close against a set), TaskRegistryStressTest (counts every task:
     * none lost at close, dead nodes bounded).
     */

    private static final int STRIPES = Integer.highestOneBit(
            Math.max(4, 4 * java.lang.Runtime.getRuntime().availableProcessors()) * 2 - 1);

    /** Completions a stripe counts before its first sweep, and at least between two. */
    static final int MIN_BUDGET = 64;

    // Field updaters rather than VarHandles, for startup (see TaskImpl).
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Head, TaskImpl> HEAD =
            AtomicReferenceFieldUpdater.newUpdater(Head.class, TaskImpl.class, "head");
    private static final AtomicIntegerFieldUpdater<Stripe> DEAD =
            AtomicIntegerFieldUpdater.newUpdater(Stripe.class, "dead");
    private static final AtomicIntegerFieldUpdater<Stripe> SWEEPING =
            AtomicIntegerFieldUpdater.newUpdater(Stripe.class, "sweeping");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskImpl, TaskImpl> NEXT_LIVE =
            AtomicReferenceFieldUpdater.newUpdater(TaskImpl.class, TaskImpl.class, "nextLive");

    private final Stripe[] stripes;
    private final int minBudget;         // MIN_BUDGET, or less in tests that want sweeps often
    private volatile boolean closed;     // false → true once, by close()

    TaskRegistry() {
        this(STRIPES, MIN_BUDGET);
    }

    /**
     * A registry of {@code stripes} stripes (a power of two) that sweeps after at least {@code minBudget} completions;
     * tests use one stripe and a small budget, so that every operation meets and sweeps are frequent.
     */
    TaskRegistry(int stripes, int minBudget) {
        this.stripes = new Stripe[stripes];
        this.minBudget = minBudget;
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Stripe(minBudget);
        }
    }

    /** A stripe's top: written by spawning threads. Superclass fields are laid out first (see {@link Stripe}). */
    static class Head {
        @SuppressWarnings("rawtypes")
        volatile @org.jspecify.annotations.Nullable TaskImpl head;   // newest task; CAS via HEAD by pushers only
    }

    /** 120 bytes of padding between a stripe's head and its counters, and between two stripes. */
    @SuppressWarnings("unused")
    static class HeadPadding extends Head {
        private long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** One stack of tasks; its counters, written by finishing tasks, sit on their own cache line. */
    @SuppressWarnings("unused")
    static final class Stripe extends HeadPadding {
        volatile int dead;          // completions counted since the last sweep began; incremented via DEAD
        volatile int sweeping;      // 1 while a sweeper owns the interior links; CAS via SWEEPING
        int budget;                 // completions until the next sweep; written by the sweeper under `sweeping`
        private long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14;

        Stripe(int budget) {
            this.budget = budget;
        }
    }

    /**
     * Links {@code task} in unless the registry is closed. On false the task may still be seen by a concurrent
     * close: the caller must complete it before letting it go.
     */
    boolean add(TaskImpl<?> task) {
        if (closed) {
            return false;
        }
        Stripe s = stripes[task.stripe(stripes.length)];
        for (;;) {
            TaskImpl<?> h = s.head;
            NEXT_LIVE.lazySet(task, h);         // release: published by the CAS below
            if (HEAD.compareAndSet(s, h, task)) {
                break;
            }
        }
        return !closed;                         // Dekker with close(), see Implementation notes
    }

    /**
     * Marks {@code task} done: snapshots leave it out from now on. Only the task's own completion calls this, once,
     * before publishing its outcome; call {@link #removed} after.
     */
    void remove(TaskImpl<?> task) {
        task.unlisted = true;
    }

    /** Counts {@code task}'s removal and sweeps its stripe when enough dead tasks have gathered there. */
    void removed(TaskImpl<?> task) {
        Stripe s = stripes[task.stripe(stripes.length)];
        if (DEAD.incrementAndGet(s) >= s.budget) {
            sweep(s);
        }
    }

    /** Unlinks the dead tasks below the top of {@code s}, unless another sweeper is at it. */
    private void sweep(Stripe s) {
        if (!SWEEPING.compareAndSet(s, 0, 1)) {
            return;                             // another sweeper is at it: it counts afresh from its start
        }
        try {
            DEAD.set(s, 0);                     // completions from now on count toward the next sweep; those before
                                                // were marked before this traversal, which unlinks them
            TaskImpl<?> pred = s.head;          // kept even if dead: only pushers move `head`
            int live = 0;
            if (pred != null) {
                TaskImpl<?> cur = pred.nextLive;
                while (cur != null) {
                    TaskImpl<?> next = cur.nextLive;
                    if (cur.unlisted) {
                        pred.nextLive = next;   // the one writer of pred's link (see Writers of `nextLive`)
                    } else {
                        live++;
                        pred = cur;
                    }
                    cur = next;
                }
            }
            s.budget = Math.max(minBudget, live);
        } finally {
            SWEEPING.set(s, 0);                 // release: the next sweeper sees these links
        }
    }

    /** Closes the registry to new tasks and returns the tasks it holds. */
    List<TaskImpl<?>> close() {
        closed = true;
        return snapshot();
    }

    /** The tasks linked and not done now (a task that completes meanwhile may be among them). */
    List<TaskImpl<?>> snapshot() {
        List<TaskImpl<?>> live = new ArrayList<>();
        for (Stripe s : stripes) {
            for (TaskImpl<?> t = s.head; t != null; t = t.nextLive) {
                if (!t.unlisted) {
                    live.add(t);
                }
            }
        }
        return live;
    }

    /** Tasks linked in all stripes, done or not; for tests of the memory bound. */
    int linked() {
        int n = 0;
        for (Stripe s : stripes) {
            for (TaskImpl<?> t = s.head; t != null; t = t.nextLive) {
                n++;
            }
        }
        return n;
    }
}
