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
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
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
     *
     * Elements live only in `buffer`: a lock-free ring (ArrayBuffer) for a bounded channel, a ConcurrentLinkedQueue
     * with a put lock for senders and close (LinkedBuffer) for an unbounded one. send/recv/trySend/tryRecv are the buffer's offer/poll, so their
     * linearization points are the buffer's (the ring's CAS on tail or head); close is the buffer's close, after
     * which no offer succeeds, so a send that returned normally happened before close and its element is drained.
     *
     * Waiting (wake to retry, as crossbeam-channel): a sender that finds the buffer full (a receiver, empty; a
     * subscription with demand, empty) queues a Waiter in `senders` (`receivers`) under `lock`, raises the
     * queue's volatile count, re-checks the buffer, and only then parks. Whoever adds an element reads
     * `receiversWaiting` after its offer, and if it is not zero claims one waiter and wakes it; whoever takes one
     * does the same with `sendersWaiting`. Both sides are "write, then read the other side's variable", all
     * volatile (Buffer's ordering contract), so one of them sees the other: no wake-up is lost. A woken waiter
     * retries its own operation; a claim reaches exactly one waiter (Waiter: claim vs abandon), and a claimed
     * waiter always retries, so an element or a free slot is never left unannounced while someone waits. An
     * interrupted or timed-out waiter that wins its abandon leaves no trace: it took and added nothing.
     * `lock` guards only the waiter queues, the subscription list and the upstream's demand; nobody parks or calls
     * foreign code under it.
     *
     * Upstream (bounded): its outstanding demand reserves room, size + outstanding <= capacity. Attaching one gates
     * the ring (a bit in its tail, set atomically), after which only the locked path adds: senders check
     * size + outstanding < capacity under `lock`, and onNext adds under `lock` into room its demand reserved.
     * Receivers stay lock-free; after taking, they re-request (under `lock`) once a quarter of the capacity is
     * free, leaving room for senders that wait or were woken and have not yet retried (`sendersWoken`). Calls to
     * the upstream are serial (Upstream). An unbounded channel requests in batches and never gates.
     *
     * Closing: under `lock`, close the buffer, then wake every waiter; senders then see CLOSED, receivers drain and
     * then see the end. Subscriptions are drained at close and whenever a take empties a closed buffer, so a
     * subscription without demand learns of the end once there is nothing left for it.
     *
     * Progress: tryRecv takes no lock, nor does trySend on a bounded channel (unbounded: the put lock, which only
     * senders and close take), unless the channel has an upstream (senders) or waiters to wake; send/recv back off
     * (spins, then yields), then park.
     * Tests: ChannelTest, ChannelLincheckTest, ChannelStressTest, ChannelBackpressureTest, SelectStressTest,
     * Channel*VerificationTest (tck).
     */

    /** Failed attempts a sender (receiver) spins or yields on the buffer before it queues a waiter and parks. */
    private static final int OPTIMISTIC_ROUNDS = 16;

    /** Rounds that spin, each twice as long as the one before (1, 2, 4 ... 64 spins); the rest yield. */
    private static final int SPIN_ROUNDS = 7;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ChannelImpl> SENDERS_WOKEN =
            AtomicIntegerFieldUpdater.newUpdater(ChannelImpl.class, "sendersWoken");

    private static void backOff(int round) {
        if (round < SPIN_ROUNDS) {
            for (int i = 1 << round; i > 0; i--) {
                Thread.onSpinWait();   // growing waits let the other side fill (or empty) more than one slot
            }
        } else {
            Thread.yield();   // on a virtual thread: let the other side run on this carrier before parking
        }
    }

    /** How many elements an unbounded channel asks its upstream for at a time. */
    static final int UNBOUNDED_BATCH = 256;

    private final int capacity;                                  // Integer.MAX_VALUE when unbounded
    private final boolean bounded;
    private final Buffer buffer;
    private final Thread.UncaughtExceptionHandler handler;       // protocol violations by foreign parties
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> receivers = new ArrayDeque<>();   // waiting for an element; guarded by lock
    private final ArrayDeque<Waiter> senders = new ArrayDeque<>();     // waiting for room; guarded by lock
    private final List<ChannelSubscription<E>> subscriptions = new ArrayList<>();   // all live ones; lock
    private volatile int receiversWaiting;                       // receivers.size(), written under lock
    private volatile int sendersWaiting;                         // senders.size(), written under lock
    private volatile int sendersWoken;                           // plain senders claimed and not yet retried; atomic
    private volatile boolean subscribed;                         // a subscription ever started; written under lock
    private volatile boolean gated;                              // an upstream attached to a bounded channel
    private volatile @Nullable Throwable closeCause;             // written under lock before the buffer closes
    private @Nullable Upstream upstream;                         // guarded by lock
    private volatile long outstanding;                           // upstream demand not yet delivered; under lock

    public ChannelImpl(int capacity, Thread.UncaughtExceptionHandler handler) {
        this.capacity = capacity;
        this.bounded = capacity != Integer.MAX_VALUE;
        this.handler = handler;
        this.buffer = bounded ? new ArrayBuffer(capacity) : new LinkedBuffer();
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
        return offer(element) == Buffer.OK;
    }

    private boolean send(E element, boolean timed, long deadline, Clock clock) {
        boolean woken = false;
        for (int round = 0; ; round++) {
            int r = offer(element);
            if (woken) {
                SENDERS_WOKEN.decrementAndGet(this);   // retried: the room kept for this sender is released
                woken = false;
                releasedRoom();
            }
            if (r == Buffer.OK) {
                return true;
            }
            if (r == Buffer.CLOSED) {
                throw closedForSend();
            }
            if (timed && clock.isPast(deadline)) {
                return false;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw Waiter.interrupted("send");
            }
            if (round < OPTIMISTIC_ROUNDS) {
                backOff(round);   // full: a receiver is likely draining; waiting here is cheaper than parking
                continue;
            }
            Waiter waiter = new Waiter();
            enqueue(senders, waiter);
            if (hasRoom() || buffer.isClosed()) {
                woken = withdraw(senders, waiter);   // re-check after queueing: room came meanwhile; try again
                continue;                            // (if a claim beat the withdrawal, it counts as a wake-up)
            }
            if (!waiter.await(timed, deadline, clock)) {
                forget(senders, waiter);
                releasedRoom();
                if (Thread.currentThread().isInterrupted()) {
                    throw Waiter.interrupted("send");
                }
                return false;
            }
            woken = true;   // notified: room was freed (and kept for us, if gated); try again
        }
    }

    /** Adds {@code element} if there is room now and wakes a receiver: OK, FULL or CLOSED. */
    private int offer(Object element) {
        int r = buffer.offer(element, false);
        if (r == Buffer.GATED) {
            r = offerGated(element);
        }
        if (r == Buffer.OK) {
            afterAdd();
        }
        return r;
    }

    /** A bounded channel with an upstream: room is what its outstanding demand has not reserved. */
    private int offerGated(Object element) {
        lock.lock();
        try {
            if (buffer.isClosed()) {
                return Buffer.CLOSED;
            }
            if (buffer.size() + outstanding >= capacity) {
                return Buffer.FULL;
            }
            return buffer.offer(element, true);   // only the locked path adds to a gated buffer: the room stays
        } finally {
            lock.unlock();
        }
    }

    /**
     * A sender stopped counting as waiting or woken, so the room replenishing kept for it is free again: request it
     * if that is due. Whoever changes a term of {@link #due} re-checks it afterwards, as a take does: the last
     * change is always followed by a check that sees it.
     */
    private void releasedRoom() {
        if (gated) {
            replenishIfDue();
        }
    }

    /** Whether an offer may succeed now (read after queueing a sender: see the implementation notes). */
    private boolean hasRoom() {
        return gated ? buffer.size() + outstanding < capacity : !buffer.isFull();
    }

    /** After an element was added: wake a waiting receiver, if any. */
    private void afterAdd() {
        if (receiversWaiting != 0) {
            notifyOne(receivers);
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
        Object e = poll();
        return e == null ? null : element(e);
    }

    /** Returns an element, or null on timeout; throws ChannelClosedException once closed and drained. */
    private @Nullable Object recv(boolean timed, long deadline, Clock clock) {
        for (int round = 0; ; round++) {
            Object e = pollOrEnd();
            if (e == END) {
                throw closedForRecv();
            }
            if (e != null) {
                return e;
            }
            if (timed && clock.isPast(deadline)) {
                return null;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw Waiter.interrupted("recv");
            }
            if (round < OPTIMISTIC_ROUNDS) {
                backOff(round);   // empty: a sender is likely on its way; waiting here is cheaper than parking
                continue;
            }
            Waiter waiter = new Waiter();
            enqueue(receivers, waiter);
            if (!buffer.isEmpty() || buffer.isClosed()) {
                withdraw(receivers, waiter);   // re-check after queueing: an element (or the end) came meanwhile
                continue;
            }
            if (!waiter.await(timed, deadline, clock)) {
                forget(receivers, waiter);
                if (Thread.currentThread().isInterrupted()) {
                    throw Waiter.interrupted("recv");
                }
                return null;
            }
            // notified: an element arrived (or the channel closed); try again
        }
    }

    /** What {@link #pollOrEnd()} returns once the channel is closed and drained. */
    static final Object END = new Object();

    /** An element, {@link #END} if closed and drained, or null if empty for now. */
    @Nullable Object pollOrEnd() {
        Object e = poll();
        if (e != null || !buffer.isClosed()) {
            return e;
        }
        e = poll();   // closed: no element enters any more, but one may have entered before we looked
        return e != null ? e : END;
    }

    /** Takes the head of the buffer; null if empty. */
    private @Nullable Object poll() {
        Object e = buffer.poll();
        if (e != null) {
            afterTake();
        }
        return e;
    }

    /** After an element was taken: wake a waiting sender, re-request from the upstream, tell subscribers the end. */
    private void afterTake() {
        if (sendersWaiting != 0) {
            notifyOne(senders);
        }
        if (gated) {
            replenishIfDue();   // a sender woken above counts in sendersWoken until it retries: its room is kept
        }
        if (subscribed && buffer.isClosed() && buffer.isEmpty()) {
            drainAll();   // subscriptions without demand learn that the channel is now drained
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> E element(Object e) {
        return (E) e;
    }

    // ---- waiter queues ----

    private void enqueue(ArrayDeque<Waiter> queue, Waiter waiter) {
        lock.lock();
        try {
            queue.add(waiter);
            counted(queue);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a waiter that gave up or was served; it may already be gone (claimed, or cleared by close). */
    private void forget(ArrayDeque<Waiter> queue, Waiter waiter) {
        lock.lock();
        try {
            if (queue.remove(waiter)) {
                counted(queue);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A waiter that found what it waited for on its re-check stops waiting; returns true if a claim beat it (the
     * notification is then its own, and so, for a plain sender, is the count in {@code sendersWoken}).
     */
    private boolean withdraw(ArrayDeque<Waiter> queue, Waiter waiter) {
        boolean claimed = !waiter.abandon();
        forget(queue, waiter);
        return claimed;
    }

    /** Mirrors the size of {@code queue} into its volatile count. Lock held. */
    private void counted(ArrayDeque<Waiter> queue) {
        if (queue == receivers) {
            receiversWaiting = queue.size();
        } else {
            sendersWaiting = queue.size();
        }
    }

    /** Claims the first waiter of {@code queue} that is still waiting, and wakes it. */
    private void notifyOne(ArrayDeque<Waiter> queue) {
        Waiter claimed = null;
        lock.lock();
        try {
            Waiter w;
            while ((w = queue.poll()) != null) {
                if (w.claim()) {
                    claimed = w;
                    woken(queue, w);
                    break;
                }
            }
            counted(queue);
        } finally {
            lock.unlock();
        }
        if (claimed != null) {
            claimed.notifyWaiter();
        }
    }

    /** A plain sender was claimed: until it retries, replenishing keeps its room (see {@link #due}). */
    private void woken(ArrayDeque<Waiter> queue, Waiter w) {
        if (queue == senders && w.group == null) {
            SENDERS_WOKEN.incrementAndGet(this);
        }
    }

    /** Claims every waiter of {@code queue} into {@code into}. Lock held. */
    private void claimAll(ArrayDeque<Waiter> queue, List<Waiter> into) {
        Waiter w;
        while ((w = queue.poll()) != null) {
            if (w.claim()) {
                into.add(w);
                woken(queue, w);
            }
        }
        counted(queue);
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
        List<Waiter> woken = new ArrayList<>();
        Upstream cancel = null;
        Object[] everyone;
        lock.lock();
        try {
            if (buffer.isClosed()) {
                return;
            }
            closeCause = cause;   // before the close: whoever sees the buffer closed sees the cause
            buffer.close();
            claimAll(senders, woken);
            claimAll(receivers, woken);
            if (upstream != null) {
                // in the same critical section as the close: no second upstream can attach in between (§2.5)
                cancel = cancelTheUpstream ? upstream : null;   // an upstream that ended is never called (§2.3)
                upstream = null;
            }
            everyone = subscriptions.toArray();
        } finally {
            lock.unlock();
        }
        for (Waiter w : woken) {
            w.notifyWaiter();
        }
        if (cancel != null) {
            cancel.cancel();
        }
        for (Object s : everyone) {
            ((ChannelSubscription<?>) s).drain();
        }
    }

    @Override
    public boolean isClosed() {
        return buffer.isClosed();
    }

    @Override
    public int size() {
        return buffer.size();
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
        Throwable cause = closeCause;
        return new ChannelClosedException(cause == null
                ? "recv on a closed and drained channel: every element was received; iterate with for-each to stop"
                + " at the end instead" : "recv on a channel that failed: " + cause, cause);
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
            Object e = pollOrEnd();
            return e == END ? Selector.CLOSED : e != null ? e : Selector.NOT_READY;
        }

        @Override
        public boolean register(Selector selector, int index) {
            Waiter w = new Waiter(selector.thread(), selector, index);
            enqueue(receivers, w);
            if (!buffer.isEmpty() || buffer.isClosed()) {
                forget(receivers, w);   // ready: the selector retries (a claim that came meanwhile is its own)
                return false;
            }
            node = w;
            return true;
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
            int r = offer(element);
            return r == Buffer.OK ? element : r == Buffer.CLOSED ? Selector.CLOSED : Selector.NOT_READY;
        }

        @Override
        public boolean register(Selector selector, int index) {
            Waiter w = new Waiter(selector.thread(), selector, index);
            enqueue(senders, w);
            if (hasRoom() || buffer.isClosed()) {
                forget(senders, w);
                return false;
            }
            node = w;
            return true;
        }

        @Override
        public void unregister() {
            Waiter w = node;
            if (w != null) {
                node = null;
                forget(senders, w);
                releasedRoom();
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
        boolean second;
        boolean reject;
        long n = 0;
        lock.lock();
        try {
            second = upstream != null;
            reject = second || buffer.isClosed();
            if (!reject) {
                upstream = candidate;
                if (bounded) {
                    buffer.gate();   // senders in flight have claimed their slots: size() counts them
                    gated = true;
                }
                n = replenishLocked();
            }
        } finally {
            lock.unlock();
        }
        if (reject) {
            candidate.cancel();   // §2.5; a closed channel takes nothing more
            if (second) {
                Failures.report(handler, new IllegalStateException("§2.5 violated: onSubscribe was called on a"
                        + " channel that already has an upstream subscription; the new subscription was cancelled"));
            }
        } else if (n > 0) {
            candidate.request(n);
        }
    }

    /** Adds to the upstream's demand what fits: free capacity (bounded) or a batch (unbounded). Lock held. */
    private long replenishLocked() {
        if (upstream == null || buffer.isClosed()) {
            return 0;
        }
        long want = bounded ? due(capacity - buffer.size() - outstanding - sendersWaiting - sendersWoken)
                : outstanding <= UNBOUNDED_BATCH / 2 ? UNBOUNDED_BATCH - outstanding : 0;
        if (want > 0) {
            outstanding += want;
        }
        return want;
    }

    /**
     * What to request of {@code free} slots (room not reserved by outstanding demand, nor kept for a waiting sender,
     * who would otherwise lose every race for it to the upstream): all of them once a quarter of the capacity is
     * free, else nothing yet. Live: a receiver waits only on an empty buffer, where that is the whole capacity less
     * the outstanding demand, unless senders wait, and they are woken to fill it.
     */
    private long due(long free) {
        return free >= Math.max(1, capacity / 4) ? free : 0;
    }

    /** After a take from a gated channel: request if enough room is free (checked first without the lock). */
    private void replenishIfDue() {
        if (due(capacity - buffer.size() - outstanding - sendersWaiting - sendersWoken) == 0) {
            return;
        }
        long n;
        Upstream up;
        lock.lock();
        try {
            n = replenishLocked();
            up = upstream;
        } finally {
            lock.unlock();
        }
        if (n > 0 && up != null) {
            up.request(n);
        }
    }

    @Override
    public void onNext(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        boolean overflow = false;
        boolean lost = false;
        long n = 0;
        Upstream up;
        lock.lock();
        try {
            up = upstream;
            if (buffer.isClosed() || up == null) {
                return;   // after close or cancel: a late element from the upstream is dropped (cancel is async)
            }
            if (outstanding <= 0) {
                overflow = true;
            } else if (buffer.offer(element, true) != Buffer.OK) {   // fits: the demand that brought it reserved room
                lost = true;   // cannot happen while size + outstanding <= capacity holds; never drop it silently
            } else {
                outstanding = outstanding - 1;   // after the add: size + outstanding never dips below the truth
                n = replenishLocked();
            }
        } finally {
            lock.unlock();
        }
        if (overflow || lost) {
            closeWith(new IllegalStateException(overflow ? "§1.1 violated: the upstream sent an element it was not"
                    + " asked for; the channel cancelled it and closed" : "zsync bug: no room for an element the"
                    + " channel had reserved room for; the channel cancelled its upstream and closed (please"
                    + " report it)"), true);
            return;
        }
        afterAdd();
        if (n > 0) {
            up.request(n);
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
        closeWith(error, false);   // §2.4: the subscription is cancelled already; never call back into it (§2.3)
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
            subscribed = true;
        } finally {
            lock.unlock();
        }
        s.start();
    }

    /**
     * For a subscription's drain loop that found the buffer empty: queues {@code interest} among the receivers and
     * re-checks. True if it stays queued (the next element wakes it); false if an element or the end came
     * meanwhile: it was withdrawn, and the caller takes again (which is also its retry, if a claim beat the
     * withdrawal).
     */
    boolean awaitElement(Waiter interest) {
        enqueue(receivers, interest);
        if (buffer.isEmpty() && !buffer.isClosed()) {
            return true;
        }
        withdraw(receivers, interest);
        return false;
    }

    /**
     * A subscription's drain loop no longer waits on {@code interest} (no demand left, or ended). If a claim beat the
     * withdrawal, the notification is passed on to the next receiver, as the subscription will not act on it.
     */
    void dropInterest(Waiter interest) {
        if (interest.abandon()) {
            forget(receivers, interest);
        } else if (!buffer.isEmpty() && receiversWaiting != 0) {
            notifyOne(receivers);
        }
    }

    /** Whether the channel is closed and drained: a subscription without demand may complete. */
    boolean isDrained() {
        return buffer.isClosed() && buffer.isEmpty();
    }

    public @Nullable Throwable closeCause() {
        return closeCause;
    }

    private void drainAll() {
        Object[] everyone;
        lock.lock();
        try {
            everyone = subscriptions.toArray();
        } finally {
            lock.unlock();
        }
        for (Object s : everyone) {
            ((ChannelSubscription<?>) s).drain();
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
        try {   // one critical section: of two subscribers cancelling at once, exactly one is the last
            last = subscriptions.remove(s) && subscriptions.isEmpty() && upstream != null && !buffer.isClosed();
        } finally {
            lock.unlock();
        }
        if (last) {
            closeWith(null, true);
        }
    }

    /**
     * A subscription ended: forget it (its drain loop withdraws its queued interest, see {@link #dropInterest}).
     */
    void remove(ChannelSubscription<E> s) {
        lock.lock();
        try {
            subscriptions.remove(s);
        } finally {
            lock.unlock();
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
        return "Channel[" + (bounded ? "capacity " + capacity : "unbounded") + ", size " + size()
                + (isClosed() ? ", closed]" : "]");
    }
}
