package io.zsync.internal.channel;

import io.zsync.internal.select.Selector;
import io.zsync.internal.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A channel of capacity 0: each element goes from a waiting sender straight to a waiting receiver. */
public final class RendezvousChannel<E> extends AbstractChannel<E> {
    /*
     * Implementation notes.
     *
     * Roles: any number of senders, receivers (plain, select nodes, subscriptions' interest nodes) and downstream
     * subscriptions; at most one upstream subscription.
     *
     * State, all guarded by `lock` (a ReentrantLock: nobody parks or calls foreign code under it): a FIFO of waiting
     * receivers, a FIFO of waiting senders (each node `offered` its element), `held` (elements handed over but not
     * yet taken, see below), `closed`/`closeCause`, and the upstream with its outstanding demand.
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
     * that ended before delivering it (AbstractChannel.dropInterest). Receivers take from `held` first. It holds at
     * most as many elements as receivers gave up with demand outstanding, plus subscriptions ended mid-hand-off.
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

    private final ArrayDeque<Waiter> receivers = new ArrayDeque<>();   // waiting for a sender; lock
    private final ArrayDeque<Waiter> senders = new ArrayDeque<>();     // waiting for a receiver; lock
    private final ArrayDeque<Object> held = new ArrayDeque<>();        // accepted, not yet taken; lock
    private volatile boolean closed;                                   // written under lock, once
    private volatile @Nullable Throwable closeCause;                   // written under lock before `closed`
    private @Nullable Upstream upstream;                               // lock
    private long outstanding;                                          // requested from upstream, not delivered; lock

    private RendezvousChannel(Thread.UncaughtExceptionHandler handler) {
        super(handler);
    }

    /** A rendezvous channel reporting failures nobody else can see to {@code handler}. */
    public static <E> RendezvousChannel<E> create(Thread.UncaughtExceptionHandler handler) {
        return new RendezvousChannel<>(handler);
    }

    // ---- send ----

    @Override
    int transmit(E element, boolean wait, boolean timed, long deadline, Clock clock) {
        Waiter node = wait && !(timed && clock.isPast(deadline)) ? new Waiter(element) : null;
        int r = transmitOrQueue(element, node);
        if (r != NOT_SENT || node == null) {
            return r;
        }
        if (node.await(timed, deadline, clock)) {
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
     * (CLOSED), or else queues {@code node} (NOT_SENT), unless it is null (a send that does not wait). Throws if the
     * thread is interrupted when it would queue.
     */
    int transmitOrQueue(E element, @Nullable Waiter node) {
        Waiter receiver;
        lock.lock();
        try {
            if (closed) {
                return CLOSED;
            }
            receiver = claimReceiver(element);
            if (receiver == null) {
                if (node == null) {
                    return NOT_SENT;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw Waiter.interrupted("send");
                }
                senders.add(node);
                return NOT_SENT;
            }
        } finally {
            lock.unlock();
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
        Waiter node = wait && !(timed && clock.isPast(deadline)) ? new Waiter() : null;
        Object e = receiveOrQueue(node);
        if (e != null || node == null) {
            return e;
        }
        if (node.await(timed, deadline, clock)) {
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
     * held, or else null, having queued {@code node} unless it is null (a receive that does not wait). Throws if the
     * thread is interrupted when it would queue.
     */
    @Nullable Object receiveOrQueue(@Nullable Waiter node) {
        Object e;
        Waiter sender = null;
        Upstream up = null;
        long n = 0;
        boolean drained = false;
        lock.lock();
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
                } else if (node == null) {
                    return null;
                } else if (Thread.currentThread().isInterrupted()) {
                    throw Waiter.interrupted("recv");
                } else {
                    receivers.add(node);
                    n = demandLocked();
                    up = upstream;
                }
            }
        } finally {
            lock.unlock();
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
        long want = receivers.size() - outstanding;
        if (want > 0) {
            outstanding += want;
            return want;
        }
        return 0;
    }

    /** Removes a node whose owner gave up; it may be gone already (polled by a claimant, or by close). */
    private void forget(ArrayDeque<Waiter> queue, Waiter node) {
        lock.lock();
        try {
            queue.remove(node);
        } finally {
            lock.unlock();
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
        lock.lock();
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
            lock.unlock();
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

    private static void claimAll(ArrayDeque<Waiter> queue, List<Waiter> into) {
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
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
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
    private static boolean hasCounterpart(ArrayDeque<Waiter> queue, @Nullable Selector selector) {
        for (Waiter w : queue) {
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
            lock.lock();
            try {
                if (closed || hasCounterpart(receivers, selector)) {
                    return false;
                }
                Waiter w = new Waiter(selector.thread(), selector, index, element);
                senders.add(w);
                node = w;
                return true;
            } finally {
                lock.unlock();
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
        lock.lock();
        try {
            second = upstream != null;
            reject = second || closed;
            if (!reject) {
                upstream = candidate;
                n = demandLocked();
            }
        } finally {
            lock.unlock();
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
        lock.lock();
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
            lock.unlock();
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
        lock.lock();
        try {
            if (closed || !held.isEmpty() || hasCounterpart(senders, node.group)) {
                return false;
            }
            receivers.add(node);
            n = demandLocked();
            up = upstream;
        } finally {
            lock.unlock();
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
            Waiter r;
            lock.lock();
            try {
                r = accept(handed, true);
            } finally {
                lock.unlock();
            }
            if (r != null) {
                r.notifyWaiter();
            }
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
        lock.lock();
        try {
            return closed && held.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Channel[rendezvous" + (isClosed() ? ", closed]" : "]");
    }
}
