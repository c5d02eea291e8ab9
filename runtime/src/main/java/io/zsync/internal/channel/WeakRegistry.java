package io.zsync.internal.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A runtime's channels, held weakly: {@link #add} registers one at creation (one allocation and one CAS, no lock),
 * {@link #snapshot} reads the live ones for {@code ZsyncRuntime.channels()}. A channel nobody else references is
 * collected as if it had never been registered; its entry leaves the registry lazily.
 *
 * @param <T> what it registers (channels; anything, in its tests)
 */
public final class WeakRegistry<T> {
    /*
     * Implementation notes.
     *
     * Stripes: `heads` holds one singly linked list per stripe, newest first; a registration pushes a node (a
     * WeakReference to the item, plus `next`) onto the stripe of its thread's id, by a CAS of that stripe's head, so
     * threads creating channels at once mostly touch different heads. Pushers never write a node once it is
     * published: `next` is written before the CAS (whose release publishes it), and after that only by a pruner.
     *
     * Pruning: one pruner at a time, under `lock` (snapshots, and a pusher that tryLocks: it never waits). It walks a
     * stripe from its head and unlinks nodes whose referent was collected (prev.next = node.next, a plain store:
     * only lock holders read `next` past a head, and the lock publishes it to the next holder). It never unlinks a
     * stripe's head, which pushers CAS: a collected head stays until a push covers it (one dead node per stripe at
     * most). A push that races a prune is not lost: the pruner starts from a head it read, and the pushed node goes
     * above it.
     *
     * When: every snapshot prunes what it walks; and a push whose node's `depth` (its stripe's length when it was
     * pushed, counted from the head below it) reaches its stripe's `pruneAt` tries to prune that stripe, and sets
     * pruneAt to depth + max(live nodes, PRUNE_MIN). So a stripe's walks cost O(1) per push amortized, and a
     * stripe holds at most about twice its live channels plus PRUNE_MIN collected ones, plus any the GC has not
     * cleared yet, even if nobody ever takes a snapshot.
     *
     * Ids: a node's `id` is 0 until a snapshot first sees it, which numbers it from `lastId` (under `lock`): so
     * creation pays nothing for it, and an id is stable across snapshots.
     *
     * Linearization: add = the CAS of the head. With one stripe, a snapshot of items nobody collects is
     * linearizable at its read of the head (WeakRegistryLincheckTest checks that, with collected items churning
     * through pushes and prunes meanwhile). Across stripes, and for items collected during the walk, it is weakly
     * consistent, as ConcurrentHashMap's iterators: an item added before the snapshot began and reachable until it
     * ended is in it; an item cleared before it began is not; any other may or may not be.
     *
     * Maintenance: run WeakRegistryLincheckTest, WeakRegistryStressTest, RuntimeChannelsTest and
     * RuntimeChannelsStressTest after a change.
     */

    /** Nodes a stripe may gain, at least, between two of its pushers' prunes. */
    static final int PRUNE_MIN = 256;

    private static final VarHandle HEADS = MethodHandles.arrayElementVarHandle(Node[].class);

    /** A registration: the item, weakly, and the list below it. */
    static final class Node<T> extends WeakReference<T> {
        final int depth;                  // nodes in the stripe when this was pushed, itself included; final
        @Nullable Node<T> next;           // written before the push's CAS, then only under `lock`
        long id;                          // 0 until a snapshot numbers it; under `lock`

        Node(T item, @Nullable Node<T> next) {
            super(item);
            this.next = next;
            this.depth = next == null ? 1 : next.depth + 1;
        }
    }

    private final Node<?>[] heads;        // per stripe, the newest node; CAS via HEADS
    private final int[] pruneAt;          // per stripe, the depth at which a pusher prunes; written under lock, racy
    private final int pruneMin;           // PRUNE_MIN, or less in tests (so that pushers prune)
    private final ReentrantLock lock = new ReentrantLock();   // one pruner or snapshot at a time
    private long lastId;                  // the last id given; under lock

    /** A registry with a stripe per available processor (rounded up to a power of two). */
    public static <T> WeakRegistry<T> create() {
        return new WeakRegistry<>(Runtime.getRuntime().availableProcessors(), PRUNE_MIN);
    }

    WeakRegistry(int stripes, int pruneMin) {
        int n = stripes <= 1 ? 1 : Integer.highestOneBit(stripes - 1) << 1;   // the power of two >= stripes
        this.heads = new Node<?>[n];
        this.pruneAt = new int[n];
        this.pruneMin = pruneMin;
        Arrays.fill(pruneAt, pruneMin);
    }

    /**
     * Registers {@code item}, held weakly.
     *
     * @return its registration: clearing it unregisters the item as its collection would (tests use that)
     */
    public WeakReference<T> add(T item) {
        int stripe = (int) Thread.currentThread().threadId() & (heads.length - 1);
        @Nullable Node<T> head = head(stripe);
        Node<T> node;   // a node per attempt: `depth` follows from `next`, and no pusher rewrites a published node
        for (;;) {
            node = new Node<>(item, head);
            @Nullable Node<T> witness = cas(stripe, head, node);   // release: the node's fields are visible with it
            if (witness == head) {
                break;
            }
            head = witness;   // another registration came first: go above it
        }
        if (node.depth - pruneAt[stripe] >= 0 && lock.tryLock()) {   // a difference: depths may wrap past 2^31
            try {
                int live = prune(stripe, null);
                pruneAt[stripe] = node.depth + Math.max(live, pruneMin);
            } finally {
                lock.unlock();
            }
        }
        return node;
    }

    /** Reads one live item of a snapshot. */
    @FunctionalInterface
    public interface Reader<T, R> {
        /** What the snapshot lists for {@code item}, numbered {@code id}. */
        R read(long id, T item);
    }

    /**
     * The live items, each read by {@code reader} with its id (stable across snapshots, unique in this registry);
     * prunes collected entries on the way. A racy snapshot: an item added or collected meanwhile may or may not be
     * in it. Newest first within a stripe; no order across stripes.
     */
    public <R> List<R> snapshot(Reader<? super T, ? extends R> reader) {
        List<R> out = new ArrayList<>();
        lock.lock();
        try {
            for (int stripe = 0; stripe < heads.length; stripe++) {
                prune(stripe, (id, item) -> out.add(reader.read(id, item)));
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** What a walk does with a live item (held strongly for the call). */
    private interface Visitor<T> {
        void visit(long id, T item);
    }

    /**
     * Walks a stripe, unlinks collected nodes (all but the head), numbers unnumbered live ones and hands them to
     * {@code visitor}. Lock held. Returns the live nodes found.
     */
    private int prune(int stripe, @Nullable Visitor<T> visitor) {
        int live = 0;
        Node<T> prev = null;
        for (Node<T> node = head(stripe); node != null; node = node.next) {
            T item = node.get();   // strong while the visitor runs: it cannot be collected meanwhile
            if (item == null && prev != null) {
                prev.next = node.next;   // plain: only lock holders read `next` below a head
                continue;
            }
            prev = node;                 // live, or the head, which pushers CAS and so stays
            if (item == null) {
                continue;
            }
            live++;
            if (node.id == 0) {
                node.id = ++lastId;
            }
            if (visitor != null) {
                visitor.visit(node.id, item);
            }
        }
        return live;
    }

    /** The nodes in the registry, collected ones not yet pruned included (for tests of the pruning). */
    int nodes() {
        lock.lock();
        try {
            int n = 0;
            for (int stripe = 0; stripe < heads.length; stripe++) {
                for (Node<T> node = head(stripe); node != null; node = node.next) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private @Nullable Node<T> head(int stripe) {
        return (Node<T>) HEADS.getAcquire(heads, stripe);
    }

    @SuppressWarnings("unchecked")
    private @Nullable Node<T> cas(int stripe, @Nullable Node<T> expected, Node<T> node) {
        return (Node<T>) HEADS.compareAndExchange(heads, stripe, expected, node);
    }
}
