package io.zsync.internal.channel;

import io.zsync.channel.ChannelSnapshot;
import io.zsync.internal.select.Selector;
import io.zsync.internal.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/** A channel of capacity 0: each element goes from a waiting sender straight to a waiting receiver. */
public final class RendezvousChannel<E> extends AbstractChannel<E> {
    /*
     * Implementation notes.
     *
     * Roles: any number of senders, receivers (plain, select nodes, subscriptions' interest nodes) and downstream
     * subscriptions; at most one upstream subscription.
     *
     * State, all guarded by the lock (a spin lock whose word is `locked`, see lock(); nobody parks or calls foreign
     * code under it): a FIFO of waiting receivers and one of waiting senders (each node `offered` its element),
     * linked through the nodes themselves, `held` (elements handed over but not yet taken, see below),
     * `closed`/`closeCause`, and the upstream with its outstanding demand.
     *
     * Cost (PingPongBenchmark beside SynchronousQueue): a hand-off touches the channel object (lock word and FIFO
     * ends together) and the waiting node, as the JDK's dual stack touches its head and node; a node is allocated only
     * when it is queued; a queued party spins SPINS rounds before it parks, and is unparked only if it said it parks
     * (Waiter.parking). A ReentrantLock (which parks the second of two parties meeting on it) and ArrayDeques
     * measured 1.4-1.9 times the SynchronousQueue's round trip; this layout about 1 (bench/README.md).
     *
     * Hand-off (a dual queue under a lock, as the JDK's SynchronousQueue in fair mode, but locked): a sender, under
     * the lock, claims the first receiver node it can (Waiter.claimWith: writes the element into the node, then the
     * claim's CAS); if it finds none, it queues its own node and parks. A receiver does the mirror image, taking the
     * claimed sender's `offered` element and leaving TAKEN in its item. The claim is the linearization point of both
     * operations: the element moved exactly then. A waiter that gives up (interrupt, timeout) abandons its node; if
     * its abandon loses to a claim, the hand-off happened, and it returns as if it had not given up (the interrupt
     * flag stays set). Claimants of a node all hold the lock, so a node's item is written by at most one winner.
     *
     * Invariant (under the lock): a live (claimable) receiver and a held element, or a live receiver and a live
     * sender, never coexist — whoever adds one first looks for the other and takes it. Dead nodes (abandoned, or a
     * select served elsewhere) stay queued until their owner removes them or a claimant polls them.
     *
     * `held`: elements the channel accepted with no receiver left to take them: an upstream's onNext that finds no
     * receiver (it requested one per receiver, who gave up since), or an element a claim handed to a subscription
     * that ended before delivering it (AbstractChannel.dropInterest) or to a select that failed (RecvClause.undo).
     * Receivers take from `held` first. It holds at most as many elements as receivers gave up with demand
     * outstanding, plus subscriptions ended and selects failed mid-hand-off.
     *
     * Select: a select's node is claimed through its Selector (one CAS for all its nodes), so a select is served by
     * at most one counterpart. A select's tryNow runs only while it has no claimable node (before registering, or
     * after abandoning), so it never matches itself; its registration returns "ready" instead of queueing when a live
     * counterpart of another party is queued, and the retry then claims it. Two selects on either end of the channel
     * therefore meet: the second to register sees the first.
     *
     * Upstream: demand follows waiting receivers. Whoever queues a receiver requests so that outstanding demand
     * covers the receivers queued (receivers.size() - outstanding). Calls to the upstream are serial (Upstream).
     *
     * Close: marks closed, claims every queued sender and receiver with Selector.CLOSED (senders fail, their
     * element not sent; receivers see the end, which is right since no element is held while they wait), cancels the
     * upstream, and drains the subscriptions; receivers and subscriptions take what is held, then see the end.
     *
     * Maintenance: run RendezvousChannelTest, RendezvousLincheckTest, RendezvousStressTest, RendezvousSelectTest and
     * the Rendezvous*VerificationTest classes (tck) after a change.
     */

    /** The item a receiver leaves in a sender's node when it takes the node's element. */
    static final Object TAKEN = new Object();

    /**
     * Rounds a queued sender or receiver spins on its node before it parks. A hand-off's counterpart usually arrives
     * within a few microseconds (the other side of a ping-pong, a worker taking its next item), and parking and
     * waking a virtual thread costs about as much: the JDK's SynchronousQueue spins 128 rounds too.
     */
    private static final int SPINS = 128;

    /** Spins on a held lock before yielding: a holder is a few dozen instructions from unlocking. */
    private static final int LOCK_SPINS = 64;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<RendezvousChannel> LOCKED =
            AtomicIntegerFieldUpdater.newUpdater(RendezvousChannel.class, "locked");

    private volatile int locked;                                       // the lock: 1 while held; CAS 0 → 1, release 0
    private final Fifo receivers = new Fifo();                         // waiting for a sender; lock
    private final Fifo senders = new Fifo();                           // waiting for a receiver; lock
    private final ArrayDeque<Object> held = new ArrayDeque<>();        // accepted, not yet taken; lock
    private volatile boolean closed;                                   // written under lock, once
    private volatile @Nullable Throwable closeCause;                   // written under lock before `closed`
    private @Nullable Upstream upstream;                               // lock
    private long outstanding;                                          // requested from upstream, not delivered; lock

    private RendezvousChannel(Thread.UncaughtExceptionHandler handler, @Nullable String name) {
        super(handler, name);
    }

    /**
     * Takes the channel's lock. A spin lock, not a ReentrantLock: its critical sections are a few dozen instructions
     * that never block, and the two parties of a hand-off loop meet on it at the same moment every round, where a
     * ReentrantLock would park the second (a virtual thread's park and unpark cost more than the hand-off); and its
     * word sits in this object, beside the fields the critical section reads.
     */
    @Override
    void lock() {
        if (LOCKED.compareAndSet(this, 0, 1)) {
            return;
        }
        for (int spins = 0; ; spins++) {
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
                return;
            }
            if (spins < LOCK_SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();   // the holder lost its CPU (or, a virtual thread, its carrier): let it run
            }
        }
    }

    @Override
    void unlock() {
        LOCKED.lazySet(this, 0);   // release: the critical section's writes are visible to the next holder
    }

    /** A rendezvous channel reporting failures nobody else can see to {@code handler}. */
    public static <E> RendezvousChannel<E> create(Thread.UncaughtExceptionHandler handler) {
        return new RendezvousChannel<>(handler, null);
    }

    /** As {@link #create(Thread.UncaughtExceptionHandler)}, named {@code name} in snapshots (null: unnamed). */
    public static <E> RendezvousChannel<E> create(Thread.UncaughtExceptionHandler handler, @Nullable String name) {
        return new RendezvousChannel<>(handler, name);
    }

    /** A hand-off counts nothing (a count would cost every hand-off): unknown. */
    @Override
    long sentCount() {
        return ChannelSnapshot.UNKNOWN;
    }

    @Override
    long receivedCount() {
        return ChannelSnapshot.UNKNOWN;
    }

    @Override
    ChannelSnapshot.Kind kind() {
        return ChannelSnapshot.Kind.RENDEZVOUS;
    }

    // ---- send ----

    @Override
    int transmit(E element, boolean wait, boolean timed, long deadline, Clock clock) {
        Object r = transmitOrQueue(element, wait && !(timed && clock.isPast(deadline)));
        if (!(r instanceof Waiter node)) {
            return (Integer) r;
        }
        if (node.await(timed, deadline, clock, SPINS)) {
            return node.item == TAKEN ? SENT : CLOSED;   // claimed by a receiver, or by close (not sent)
        }
        forget(senders, node);
        if (Thread.currentThread().isInterrupted()) {
            throw Waiter.interrupted("send");
        }
        return NOT_SENT;
    }

    /**
     * The first half of a send: hands {@code element} to a waiting receiver (SENT), or finds the channel closed
     * (CLOSED), or else, if {@code queue}, queues a node of the calling thread and returns it (a {@link Waiter}),
     * else NOT_SENT. A node is made only when it is queued: a send that finds its receiver allocates nothing. Throws
     * if the thread is interrupted when it would queue.
     */
    Object transmitOrQueue(E element, boolean queue) {
        Waiter receiver;
        lock();
        try {
            if (closed) {
                return CLOSED;
            }
            receiver = claimReceiver(element);
            if (receiver == null) {
                if (!queue) {
                    return NOT_SENT;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw Waiter.interrupted("send");
                }
                Waiter node = new Waiter(element);
                senders.add(node);
                return node;
            }
        } finally {
            unlock();
        }
        receiver.notifyWaiter();
        return SENT;
    }

    /** Hands {@code element} to the first receiver still waiting; returns it (to notify), or null. Lock held. */
    private @Nullable Waiter claimReceiver(Object element) {
        Waiter w;
        while ((w = receivers.poll()) != null) {
            if (w.claimWith(element)) {
                return w;
            }
        }
        return null;
    }

    /** Claims the first sender still waiting, leaving TAKEN; returns it (its element is `offered`), or null. Lock
     *  held. */
    private @Nullable Waiter claimSender() {
        Waiter w;
        while ((w = senders.poll()) != null) {
            if (w.claimWith(TAKEN)) {
                return w;
            }
        }
        return null;
    }

    // ---- receive ----

    @Override
    @Nullable Object receive(boolean wait, boolean timed, long deadline, Clock clock) {
        Object e = receiveOrQueue(wait && !(timed && clock.isPast(deadline)));
        if (!(e instanceof Waiter node)) {
            return e;   // an element (never a Waiter: the type is not visible outside this package), END, or null
        }
        if (node.await(timed, deadline, clock, SPINS)) {
            Object item = Objects.requireNonNull(node.item);
            return item == Selector.CLOSED ? END : item;   // handed an element, or claimed by close
        }
        forget(receivers, node);
        if (Thread.currentThread().isInterrupted()) {
            throw Waiter.interrupted("recv");
        }
        return null;
    }

    /**
     * The first half of a receive: an element (held, or taken from a waiting sender), END once closed and nothing is
     * held, or else, if {@code queue}, a node of the calling thread, queued (a {@link Waiter}), else null. Throws if
     * the thread is interrupted when it would queue.
     */
    @Nullable Object receiveOrQueue(boolean queue) {
        Object e;
        Waiter sender = null;
        Upstream up = null;
        long n = 0;
        boolean drained = false;
        lock();
        try {
            e = held.poll();
            if (e != null) {
                drained = closed && held.isEmpty();
            } else {
                sender = claimSender();
                if (sender != null) {
                    e = Objects.requireNonNull(sender.offered);
                } else if (closed) {
                    return END;
                } else if (!queue) {
                    return null;
                } else if (Thread.currentThread().isInterrupted()) {
                    throw Waiter.interrupted("recv");
                } else {
                    Waiter node = new Waiter();
                    e = node;
                    receivers.add(node);
                    n = demandLocked();
                    up = upstream;
                }
            }
        } finally {
            unlock();
        }
        if (sender != null) {
            sender.notifyWaiter();
        }
        if (n > 0 && up != null) {
            up.request(n);
        }
        if (drained && subscribed) {
            drainAll();   // subscriptions without demand learn that the channel is now drained
        }
        return e;
    }

    /**
     * A waiter queued by the first half of a send or receive gives up: null if it withdrew (nothing moved), else
     * what its claim moved (a receiver's element or CLOSED; a sender's TAKEN or CLOSED).
     */
    @Nullable Object withdraw(Waiter node) {
        if (node.abandon()) {
            forget(node.offered != null ? senders : receivers, node);
            return null;
        }
        return node.item;
    }

    /** What to request so that outstanding demand covers every queued receiver. Lock held. */
    private long demandLocked() {
        if (upstream == null || closed) {
            return 0;
        }
        long want = receivers.size - outstanding;
        if (want > 0) {
            outstanding += want;
            return want;
        }
        return 0;
    }

    /** Removes a node whose owner gave up; it may be gone already (polled by a claimant, or by close). */
    private void forget(Fifo queue, Waiter node) {
        lock();
        try {
            queue.remove(node);
        } finally {
            unlock();
        }
    }

    /**
     * An element the channel accepted goes to the first receiver still waiting, else into `held`; returns the
     * receiver to notify, or null. Lock held.
     */
    private @Nullable Waiter accept(Object element, boolean first) {
        Waiter r = claimReceiver(element);
        if (r == null) {
            if (first) {
                held.addFirst(element);
            } else {
                held.addLast(element);
            }
        }
        return r;
    }

    // ---- close ----

    @Override
    boolean closeWith(@Nullable Throwable cause, boolean cancelTheUpstream) {
        List<Waiter> woken = new ArrayList<>();
        Upstream cancel = null;
        lock();
        try {
            if (closed) {
                return false;
            }
            closeCause = cause;   // before `closed`: whoever sees it closed sees the cause
            closed = true;
            claimAll(senders, woken);
            claimAll(receivers, woken);
            if (upstream != null) {
                cancel = cancelTheUpstream ? upstream : null;   // an upstream that ended is never called (§2.3)
                upstream = null;
            }
        } finally {
            unlock();
        }
        for (Waiter w : woken) {
            w.notifyWaiter();
        }
        if (cancel != null) {
            cancel.cancel();
        }
        drainAll();
        return true;
    }

    private static void claimAll(Fifo queue, List<Waiter> into) {
        Waiter w;
        while ((w = queue.poll()) != null) {
            if (w.claimWith(Selector.CLOSED)) {
                into.add(w);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public @Nullable Throwable closeCause() {
        return closeCause;
    }

    /** Elements accepted and not yet taken: 0 unless an upstream's element or a cancelled hand-off waits here. */
    @Override
    public int size() {
        lock();
        try {
            return held.size();
        } finally {
            unlock();
        }
    }

    @Override
    public int capacity() {
        return 0;
    }

    // ---- select ----

    @Override
    public Selector.Clause recvClause() {
        return new RecvClause();
    }

    @Override
    public Selector.Clause sendClause(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        return new SendClause(element);
    }

    /** Whether a live node of a party other than {@code selector} is queued in {@code queue}. Lock held. */
    private static boolean hasCounterpart(Fifo queue, @Nullable Selector selector) {
        for (Waiter w = queue.head; w != null; w = w.next) {
            if (w.isLiveCounterpartOf(selector)) {
                return true;
            }
        }
        return false;
    }

    private final class RecvClause implements Selector.Clause {
        private @Nullable Waiter node;   // queued in `receivers` while registered; kept for claimed()

        @Override
        public Object tryNow() {
            Object e = receive(false, false, 0L, Clock.SYSTEM);
            return e == END ? Selector.CLOSED : e != null ? e : Selector.NOT_READY;
        }

        @Override
        public boolean register(Selector selector, int index) {
            Waiter w = new Waiter(selector.thread(), selector, index, null);
            node = w;
            return queueReceiver(w);   // false: ready, and the select's retry takes it
        }

        @Override
        public void unregister() {
            Waiter w = node;
            if (w != null) {
                forget(receivers, w);
            }
        }

        @Override
        public Object claimed() {
            Object item = Objects.requireNonNull(Objects.requireNonNull(node).item);
            return item;   // the element handed over, or Selector.CLOSED from close
        }

        @Override
        public void undo() {
            Object item = Objects.requireNonNull(node).item;
            if (item != null && item != Selector.CLOSED) {
                giveBack(item);   // handed to a select that then failed: first in line for the next receiver
            }
        }
    }

    private final class SendClause implements Selector.Clause {
        private final E element;
        private @Nullable Waiter node;   // queued in `senders` while registered; kept for claimed()

        SendClause(E element) {
            this.element = element;
        }

        @Override
        public Object tryNow() {
            int r = transmit(element, false, false, 0L, Clock.SYSTEM);
            return r == SENT ? element : r == CLOSED ? Selector.CLOSED : Selector.NOT_READY;
        }

        @Override
        public boolean register(Selector selector, int index) {
            lock();
            try {
                if (closed || hasCounterpart(receivers, selector)) {
                    return false;
                }
                Waiter w = new Waiter(selector.thread(), selector, index, element);
                senders.add(w);
                node = w;
                return true;
            } finally {
                unlock();
            }
        }

        @Override
        public void unregister() {
            Waiter w = node;
            if (w != null) {
                forget(senders, w);
            }
        }

        @Override
        public Object claimed() {
            Object item = Objects.requireNonNull(node).item;
            return item == TAKEN ? element : Selector.CLOSED;
        }
    }

    // ---- as a Subscriber ----

    @Override
    void attach(Upstream candidate) {
        boolean second;
        boolean reject;
        long n = 0;
        lock();
        try {
            second = upstream != null;
            reject = second || closed;
            if (!reject) {
                upstream = candidate;
                n = demandLocked();
            }
        } finally {
            unlock();
        }
        if (reject) {
            candidate.cancel();   // §2.5; a closed channel takes nothing more
            if (second) {
                io.zsync.internal.task.Failures.report(handler, secondUpstream());
            }
        } else if (n > 0) {
            candidate.request(n);
        }
    }

    @Override
    public void onNext(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        Waiter r = null;
        boolean overflow = false;
        lock();
        try {
            if (closed || upstream == null) {
                return;   // after close or cancel: a late element from the upstream is dropped (cancel is async)
            }
            if (outstanding <= 0) {
                overflow = true;
            } else {
                outstanding--;
                r = accept(element, false);
            }
        } finally {
            unlock();
        }
        if (overflow) {
            closeWith(new IllegalStateException("§1.1 violated: the upstream sent an element it was not asked for;"
                    + " the channel cancelled it and closed"), true);
        } else if (r != null) {
            r.notifyWaiter();
        }
    }

    @Override
    boolean hasUpstreamLocked() {
        return upstream != null;
    }

    // ---- subscriptions ----

    @Override
    boolean awaitElement(Waiter interest) {
        if (queueReceiver(interest)) {
            return true;
        }
        interest.abandon();   // never queued, so never claimed: withdrawn, and the drain loop takes again
        return false;
    }

    /**
     * Queues a receiver's node (a select's, a subscription's) unless something can be taken now: an element held, a
     * live sender of another party, or the end. Requests for it from the upstream. False if it was not queued.
     */
    private boolean queueReceiver(Waiter node) {
        long n;
        Upstream up;
        lock();
        try {
            if (closed || !held.isEmpty() || hasCounterpart(senders, node.group)) {
                return false;
            }
            receivers.add(node);
            n = demandLocked();
            up = upstream;
        } finally {
            unlock();
        }
        if (n > 0 && up != null) {
            up.request(n);
        }
        return true;
    }

    @Override
    void dropInterest(Waiter interest) {
        if (interest.abandon()) {
            forget(receivers, interest);
            return;
        }
        Object handed = handedTo(interest);
        if (handed != null) {   // an element on its way to a subscription that ended: back to the channel
            giveBack(handed);
        }
    }

    /** An element handed to a party that will not take it (or not yet) goes back, ahead of the others. */
    @Override
    void giveBack(Object element) {
        Waiter r;
        lock();
        try {
            r = accept(element, true);
        } finally {
            unlock();
        }
        if (r != null) {
            r.notifyWaiter();
        }
    }

    @Override
    @Nullable Object handedTo(Waiter interest) {
        Object item = interest.item;
        interest.item = null;   // taken once: by the drain loop, or given back by dropInterest
        return item == Selector.CLOSED ? null : item;
    }

    @Override
    boolean isDrained() {
        lock();
        try {
            return closed && held.isEmpty();
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        return "Channel[rendezvous" + (isClosed() ? ", closed]" : "]");
    }

    /** A FIFO of waiting nodes linked through {@link Waiter#next}; guarded by the channel's lock. */
    private static final class Fifo {
        @Nullable Waiter head;
        @Nullable Waiter tail;
        int size;

        void add(Waiter w) {
            Waiter t = tail;
            if (t == null) {
                head = w;
            } else {
                t.next = w;
            }
            tail = w;
            size++;
        }

        @Nullable Waiter poll() {
            Waiter w = head;
            if (w != null) {
                head = w.next;
                if (head == null) {
                    tail = null;
                }
                w.next = null;
                size--;
            }
            return w;
        }

        /** Removes {@code w} if it is queued (it may have been polled by a claimant, or by close). */
        void remove(Waiter w) {
            Waiter prev = null;
            for (Waiter x = head; x != null; prev = x, x = x.next) {
                if (x == w) {
                    if (prev == null) {
                        head = x.next;
                    } else {
                        prev.next = x.next;
                    }
                    if (tail == x) {
                        tail = prev;
                    }
                    x.next = null;
                    size--;
                    return;
                }
            }
        }
    }
}
