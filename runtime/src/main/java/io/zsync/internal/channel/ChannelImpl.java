package io.zsync.internal.channel;

import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import io.zsync.internal.flow.Downstream;
import io.zsync.internal.task.Failures;
import io.zsync.internal.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The one implementation of {@link Channel}: bounded or unbounded. */
public final class ChannelImpl<E> implements Channel<E> {
    /*
     * Implementation notes.
     *
     * Roles: any number of senders, receivers and downstream subscriptions; at most one upstream subscription.
     * One ReentrantLock guards the buffer, the waiter queues and the upstream's demand; no foreign code (subscriber
     * signals, upstream request/cancel) and no parking runs under it. Effects decided under the lock — a waiter to
     * wake, a subscription to drain, an upstream request — run after unlock.
     *
     * Invariants, under the lock:
     *   - receivers wait only while the buffer is empty; senders wait only while it is full;
     *   - size + outstanding <= capacity: the upstream's outstanding demand reserves room, so trySend counts it,
     *     and an element the upstream delivers always fits;
     *   - a waiter is served only if its claim succeeds (Waiter), so an interrupted or timed-out waiter is either
     *     served (and returns normally) or leaves no trace.
     * Linearization points: send/recv/trySend/tryRecv/close take effect under the lock.
     * Closing: `closed` set under the lock; waiting senders are served CLOSED; waiting receivers only once the
     * buffer is empty (it is, if any wait). Subscriptions are drained after close and whenever the buffer empties
     * after close, so each sees the end once it has taken what it asked for.
     * Progress: blocking; waiters spin briefly, then park (virtual threads unmount).
     * Tests: ChannelTest, ChannelLincheckTest, ChannelStressTest, Channel*VerificationTest (tck).
     */

    /**
     * Rounds a sender (receiver) waits, lock-free on the racy `size`, for room (an element) before it queues and
     * parks: parking and unparking a virtual thread costs microseconds, a few yields let the other side run first.
     */
    private static final int OPTIMISTIC_ROUNDS = 32;

    private static void backOff(int round) {
        if (round < 16) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** How many elements an unbounded channel asks its upstream for at a time. */
    static final int UNBOUNDED_BATCH = 256;

    private final int capacity;                                  // Integer.MAX_VALUE when unbounded
    private final Thread.UncaughtExceptionHandler handler;       // protocol violations by foreign parties
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Object> buffer;                     // guarded by lock
    private final ArrayDeque<Waiter> receivers = new ArrayDeque<>();          // guarded by lock
    private final ArrayDeque<Waiter> senders = new ArrayDeque<>();            // guarded by lock
    private final ArrayDeque<ChannelSubscription<E>> interested = new ArrayDeque<>();   // want an element; lock
    private final List<ChannelSubscription<E>> subscriptions = new ArrayList<>();       // all live ones; lock
    private volatile boolean closed;                             // written under lock; read racily by isClosed
    private @Nullable Throwable closeCause;                      // written under lock before `closed`
    private volatile int size;                                   // buffer.size(), mirrored for size()
    private @Nullable Upstream upstream;                         // guarded by lock
    private long outstanding;                                    // upstream demand not yet delivered; lock

    // Effects decided under the lock by its holder, carried out by the same thread after unlock.
    private @Nullable Waiter wake;
    private @Nullable ChannelSubscription<E> drain;
    private long request;
    private boolean drainAll;
    private boolean cancelUpstream;

    public ChannelImpl(int capacity, Thread.UncaughtExceptionHandler handler) {
        this.capacity = capacity;
        this.handler = handler;
        this.buffer = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** The handler for failures nobody else can see: the current runtime's, else the default one. */
    public static Thread.UncaughtExceptionHandler defaultHandler() {
        return Failures.DEFAULT_HANDLER;
    }

    // ---- send ----

    @Override
    public void send(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        if (!send(element, false, 0L, Clock.SYSTEM)) {
            throw new IllegalStateException("untimed send timed out");
        }
    }

    @Override
    public boolean send(E element, Duration timeout) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        Objects.requireNonNull(timeout, "timeout");
        Clock clock = Clock.current();
        return send(element, true, clock.deadlineAfter(timeout), clock);
    }

    @Override
    public boolean trySend(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        lock.lock();
        boolean sent;
        try {
            sent = !closed && offerLocked(element);
        } finally {
            unlockAndRun();
        }
        return sent;
    }

    private boolean send(E element, boolean timed, long deadline, Clock clock) {
        for (int i = 0; i < OPTIMISTIC_ROUNDS && size >= capacity && !closed; i++) {
            backOff(i);   // full: a receiver is likely draining; waiting here is cheaper than parking
        }
        Waiter waiter;
        lock.lock();
        try {
            if (closed) {
                throw closedForSend();
            }
            if (offerLocked(element)) {
                return true;
            }
            if (timed && clock.isPast(deadline)) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw Waiter.interrupted("send");
            }
            waiter = new Waiter(element);
            senders.add(waiter);
        } finally {
            unlockAndRun();
        }
        if (!waiter.await(timed, deadline, clock)) {
            forget(senders, waiter);
            if (Thread.currentThread().isInterrupted()) {
                throw Waiter.interrupted("send");
            }
            return false;
        }
        if (waiter.item == Waiter.CLOSED) {
            throw closedForSend();
        }
        return true;
    }

    /** Hands {@code element} to a waiting receiver, or buffers it if there is room; false if full. */
    private boolean offerLocked(Object element) {
        if (handToReceiverLocked(element)) {
            return true;
        }
        if (buffer.size() + outstanding >= capacity) {
            return false;
        }
        bufferLocked(element);
        return true;
    }

    private boolean handToReceiverLocked(Object element) {
        Waiter r;
        while ((r = receivers.poll()) != null) {
            if (r.claim()) {
                r.item = element;
                wake = r;
                return true;
            }
        }
        return false;
    }

    private void bufferLocked(Object element) {
        buffer.add(element);
        size = buffer.size();
        ChannelSubscription<E> s;
        while (drain == null && (s = interested.poll()) != null) {
            if (!s.isCancelled()) {
                drain = s;
            }
        }
    }

    // ---- receive ----

    @Override
    public E recv() {
        Object e = recv(false, 0L, Clock.SYSTEM);
        return element(Objects.requireNonNull(e));
    }

    @Override
    public @Nullable E recv(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Clock clock = Clock.current();
        Object e = recv(true, clock.deadlineAfter(timeout), clock);
        return e == null ? null : element(e);
    }

    @Override
    public @Nullable E tryRecv() {
        lock.lock();
        Object e;
        try {
            e = pollLocked();
        } finally {
            unlockAndRun();
        }
        return e == null ? null : element(e);
    }

    /** Returns an element, or null on timeout; throws ChannelClosedException once closed and drained. */
    private @Nullable Object recv(boolean timed, long deadline, Clock clock) {
        for (int i = 0; i < OPTIMISTIC_ROUNDS && size == 0 && !closed; i++) {
            backOff(i);   // empty: a sender is likely on its way; waiting here is cheaper than parking
        }
        Waiter waiter;
        lock.lock();
        try {
            Object e = pollLocked();
            if (e != null) {
                return e;
            }
            if (closed) {
                throw closedForRecv();
            }
            if (timed && clock.isPast(deadline)) {
                return null;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw Waiter.interrupted("recv");
            }
            waiter = new Waiter(null);
            receivers.add(waiter);
        } finally {
            unlockAndRun();
        }
        if (!waiter.await(timed, deadline, clock)) {
            forget(receivers, waiter);
            if (Thread.currentThread().isInterrupted()) {
                throw Waiter.interrupted("recv");
            }
            return null;
        }
        Object item = Objects.requireNonNull(waiter.item);
        if (item == Waiter.CLOSED) {
            throw closedForRecv();
        }
        return item;
    }

    /** Takes the head of the buffer and refills from a waiting sender and the upstream; null if empty. */
    private @Nullable Object pollLocked() {
        Object e = buffer.poll();
        if (e == null) {
            return null;
        }
        Waiter s;
        while ((s = senders.poll()) != null) {
            if (s.claim()) {
                buffer.add(Objects.requireNonNull(s.item));
                wake = s;
                break;
            }
        }
        size = buffer.size();
        replenishLocked();
        if (closed && buffer.isEmpty()) {
            drainAll = true;   // subscriptions without demand learn that the channel is now drained
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private static <E> E element(Object e) {
        return (E) e;
    }

    // ---- close ----

    @Override
    public void close() {
        closeWith(null, true);
    }

    @Override
    public void close(Throwable cause) {
        Objects.requireNonNull(cause, "cause must not be null: use close() to close normally");
        closeWith(cause, true);
    }

    private void closeWith(@Nullable Throwable cause, boolean cancelTheUpstream) {
        List<Waiter> served = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closeCause = cause;
            closed = true;
            for (Waiter s : senders) {
                if (s.claim()) {
                    served.add(s);
                }
            }
            senders.clear();
            for (Waiter r : receivers) {   // only waiting while the buffer is empty
                if (r.claim()) {
                    served.add(r);
                }
            }
            receivers.clear();
            interested.clear();
            cancelUpstream = cancelTheUpstream && upstream != null;
            drainAll = true;
        } finally {
            unlockAndRun();
        }
        for (Waiter w : served) {
            w.deliver(Waiter.CLOSED);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    private ChannelClosedException closedForSend() {
        return new ChannelClosedException("send on a closed channel: stop sending once the channel is closed, or"
                + " check trySend's result", closeCause);
    }

    private ChannelClosedException closedForRecv() {
        return new ChannelClosedException(closeCause == null
                ? "recv on a closed and drained channel: every element was received; iterate with for-each to stop"
                + " at the end instead" : "recv on a channel that failed: " + closeCause, closeCause);
    }

    /** Removes a waiter that gave up; it may already be gone (served or cleared by close). */
    private void forget(ArrayDeque<Waiter> queue, Waiter waiter) {
        lock.lock();
        try {
            queue.remove(waiter);
        } finally {
            lock.unlock();
        }
    }

    // ---- the select hook ----

    /** A select clause that receives from this channel: its outcome is an element, or {@link Selector#CLOSED}. */
    public Selector.Clause recvClause() {
        return new RecvClause();
    }

    /** A select clause that sends {@code element}: its outcome is {@link Selector#CLOSED} if the channel closed. */
    public Selector.Clause sendClause(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        return new SendClause(element);
    }

    private final class RecvClause implements Selector.Clause {
        private @Nullable Waiter node;   // queued in `receivers` while registered

        @Override
        public Object tryNow() {
            if (size == 0 && !closed) {
                return Selector.NOT_READY;   // racy but safe: register() looks again under the lock
            }
            lock.lock();
            try {
                Object e = pollLocked();
                return e != null ? e : closed ? Waiter.CLOSED : Selector.NOT_READY;
            } finally {
                unlockAndRun();
            }
        }

        @Override
        public boolean register(Selector selector, int index) {
            lock.lock();
            try {
                if (!buffer.isEmpty() || closed) {
                    return false;
                }
                Waiter w = new Waiter(null, selector, index);
                receivers.add(w);
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
                node = null;
                forget(receivers, w);
            }
        }
    }

    private final class SendClause implements Selector.Clause {
        private final E element;
        private @Nullable Waiter node;   // queued in `senders` while registered

        SendClause(E element) {
            this.element = element;
        }

        @Override
        public Object tryNow() {
            if (size >= capacity && !closed) {
                return Selector.NOT_READY;   // racy but safe: register() looks again under the lock
            }
            lock.lock();
            try {
                return closed ? Waiter.CLOSED : offerLocked(element) ? element : Selector.NOT_READY;
            } finally {
                unlockAndRun();
            }
        }

        @Override
        public boolean register(Selector selector, int index) {
            lock.lock();
            try {
                if (closed || buffer.size() + outstanding < capacity || hasReceiverOtherThan(selector)) {
                    return false;
                }
                Waiter w = new Waiter(element, selector, index);
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
                node = null;
                forget(senders, w);
            }
        }
    }

    /** Whether a receiver waits that is not one of {@code selector}'s own clauses (those cannot meet). Lock held. */
    private boolean hasReceiverOtherThan(Selector selector) {
        for (Waiter r : receivers) {
            if (r.group != selector && r.isWaiting()) {
                return true;
            }
        }
        return false;
    }

    // ---- effects after unlock ----

    private void unlockAndRun() {
        Waiter w = wake;
        ChannelSubscription<E> d = drain;
        long n = request;
        boolean all = drainAll;
        boolean cancel = cancelUpstream;
        Upstream up = upstream;
        Object[] everyone = all ? subscriptions.toArray() : null;   // only on close/drained: rare
        if (cancel) {
            upstream = null;
        }
        wake = null;
        drain = null;
        request = 0;
        drainAll = false;
        cancelUpstream = false;
        lock.unlock();
        if (w != null) {
            w.deliver(w.item);
        }
        if (up != null) {
            if (cancel) {
                up.cancel();
            } else if (n > 0) {
                up.request(n);
            }
        }
        if (d != null) {
            d.drain();
        }
        if (everyone != null) {
            for (Object s : everyone) {
                ((ChannelSubscription<?>) s).drain();
            }
        }
    }

    // ---- as a Subscriber ----

    @Override
    public void onSubscribe(Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription must not be null (§2.13)");
        attach(Upstream.of(subscription));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription must not be null (§2.13)");
        attach(Upstream.of(subscription));
    }

    private void attach(Upstream candidate) {
        boolean reject;
        boolean second;
        lock.lock();
        try {
            second = upstream != null;
            reject = second || closed;
            if (!reject) {
                upstream = candidate;
                replenishLocked();
            }
        } finally {
            unlockAndRun();
        }
        if (reject) {
            candidate.cancel();   // §2.5; a closed channel takes nothing more
            if (second) {
                Failures.report(handler, new IllegalStateException("§2.5 violated: onSubscribe was called on a"
                        + " channel that already has an upstream subscription; the new subscription was cancelled"));
            }
        }
    }

    /** Asks the upstream for what fits: free capacity (bounded) or a batch (unbounded). Lock held. */
    private void replenishLocked() {
        if (upstream == null || closed) {
            return;
        }
        long want;
        if (capacity == Integer.MAX_VALUE) {
            want = outstanding <= UNBOUNDED_BATCH / 2 ? UNBOUNDED_BATCH - outstanding : 0;
        } else {
            long free = capacity - buffer.size() - outstanding;
            // batch small requests: ask when a quarter of the capacity is free (at least one element)
            want = free >= Math.max(1, capacity / 4) || (free > 0 && outstanding == 0) ? free : 0;
        }
        if (want > 0) {
            outstanding += want;
            request += want;
        }
    }

    @Override
    public void onNext(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        boolean overflow = false;
        lock.lock();
        try {
            if (closed || upstream == null) {
                return;   // after close or cancel: a late element from the upstream is dropped (§2.? cancel is async)
            }
            if (outstanding <= 0) {
                overflow = true;
            } else {
                outstanding--;
                if (!handToReceiverLocked(element)) {
                    bufferLocked(element);   // fits: it was reserved by the demand that brought it
                } else {
                    replenishLocked();       // handed straight over: its room is free again
                }
            }
        } finally {
            unlockAndRun();
        }
        if (overflow) {
            closeWith(new IllegalStateException("§1.1 violated: the upstream sent an element it was not asked for;"
                    + " the channel cancelled it and closed"), true);
        }
    }

    @Override
    public void onError(Throwable error) {
        Objects.requireNonNull(error, "error must not be null (§2.13)");
        closeFromUpstream(error);
    }

    @Override
    public void onComplete() {
        closeFromUpstream(null);
    }

    private void closeFromUpstream(@Nullable Throwable error) {
        lock.lock();
        try {
            upstream = null;   // §2.4: the subscription is cancelled already; never call back into it (§2.3)
        } finally {
            lock.unlock();
        }
        closeWith(error, false);
    }

    // ---- as a Publisher ----

    @Override
    public void subscribe(Subscriber<? super E> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        start(new ChannelSubscription<>(this, Downstream.of(subscriber)));
    }

    @Override
    public void subscribe(Flow.Subscriber<? super E> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        start(new ChannelSubscription<>(this, Downstream.of(subscriber)));
    }

    private void start(ChannelSubscription<E> s) {
        lock.lock();
        try {
            subscriptions.add(s);
        } finally {
            lock.unlock();
        }
        s.start();
    }

    /** For a subscription with demand: an element, END (closed and drained), or null (none yet: it is queued). */
    @Nullable Object pollFor(ChannelSubscription<E> s) {
        lock.lock();
        try {
            Object e = pollLocked();
            if (e != null) {
                return e;
            }
            if (closed) {
                return ChannelSubscription.END;
            }
            if (!interested.contains(s)) {
                interested.add(s);
            }
            return null;
        } finally {
            unlockAndRun();
        }
    }

    /** Whether the channel is closed and drained: a subscription without demand may complete. */
    boolean isDrained() {
        lock.lock();
        try {
            return closed && buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    public @Nullable Throwable closeCause() {
        lock.lock();
        try {
            return closeCause;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A subscriber cancelled. If it was the last one and the channel has an upstream, the channel cancels its
     * upstream and closes, as Reactor's processors do with auto-cancel: nobody is left to want what the upstream
     * would send, and receivers would otherwise wait for an upstream that no longer sends.
     */
    void cancelled(ChannelSubscription<E> s) {
        boolean last;
        lock.lock();
        try {
            last = subscriptions.remove(s) && subscriptions.isEmpty() && upstream != null && !closed;
        } finally {
            lock.unlock();
        }
        remove(s);
        if (last) {
            closeWith(null, true);
        }
    }

    /** A subscription ended: forget it; if it was queued for an element, pass the turn on. */
    void remove(ChannelSubscription<E> s) {
        lock.lock();
        try {
            subscriptions.remove(s);
            interested.remove(s);
            if (!buffer.isEmpty()) {
                ChannelSubscription<E> next;
                while (drain == null && (next = interested.poll()) != null) {
                    if (!next.isCancelled()) {
                        drain = next;
                    }
                }
            }
        } finally {
            unlockAndRun();
        }
    }

    Thread.UncaughtExceptionHandler handler() {
        return handler;
    }

    // ---- iteration ----

    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private @Nullable Object next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                try {
                    next = recv(false, 0L, Clock.SYSTEM);
                    return true;
                } catch (ChannelClosedException end) {
                    if (end.getCause() != null) {
                        throw end;   // a failed channel: its cause, after every element
                    }
                    return false;
                }
            }

            @Override
            public E next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the channel is closed and drained");
                }
                Object e = Objects.requireNonNull(next);
                next = null;
                return element(e);
            }
        };
    }

    @Override
    public String toString() {
        return "Channel[" + (capacity == Integer.MAX_VALUE ? "unbounded" : "capacity " + capacity) + ", size " + size
                + (closed ? ", closed]" : "]");
    }
}
