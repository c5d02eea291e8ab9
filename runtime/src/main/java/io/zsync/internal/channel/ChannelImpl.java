package io.zsync.internal.channel;

import io.zsync.channel.ChannelSnapshot;
import io.zsync.internal.select.Selector;
import io.zsync.internal.task.Failures;
import io.zsync.internal.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** A channel with a buffer: bounded (capacity 1 or more) or unbounded. */
public final class ChannelImpl<E> extends AbstractChannel<E> {
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
     * (spins, then yields), then park. Backing off is adaptive: after PARKS_BEFORE_DOUBT waits in a row that backed
     * off and parked anyway, waits park at once, but for a probe every PROBE_EVERY; a wait whose backing off pays
     * turns it back on. With one CPU only the yields are tried.
     * Maintenance: run ChannelTest, ChannelEdgeRacesTest, ChannelLincheckTest, ChannelStressTest,
     * ChannelBackpressureTest, SelectStressTest and the Channel*VerificationTest classes (tck) after a change.
     */

    /** Failed attempts a sender (receiver) spins or yields on the buffer before it queues a waiter and parks. */
    private static final int OPTIMISTIC_ROUNDS = 16;

    /** Rounds that spin, each twice as long as the one before (1, 2, 4 ... 64 spins); the rest yield. */
    private static final int SPIN_ROUNDS = 7;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<ChannelImpl> SENDERS_WOKEN =
            AtomicIntegerFieldUpdater.newUpdater(ChannelImpl.class, "sendersWoken");

    /**
     * Waits in a row that backed off in vain and parked after which a channel stops backing off (its other side is
     * slow: a reader of a socket, a handler), but for one wait in PROBE_EVERY, which finds out whether that changed.
     */
    private static final int PARKS_BEFORE_DOUBT = 8;
    private static final int PROBE_EVERY = 8;

    /** One CPU: spinning cannot help (the other side needs this CPU), only yielding can. */
    private static final int FIRST_ROUND = Runtime.getRuntime().availableProcessors() == 1 ? SPIN_ROUNDS : 0;

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
    private final ReentrantLock lock = new ReentrantLock();      // see AbstractChannel.lock(); nobody parks under it
    private final ArrayDeque<Waiter> receivers = new ArrayDeque<>();   // waiting for an element; guarded by lock
    private final ArrayDeque<Waiter> senders = new ArrayDeque<>();     // waiting for room; guarded by lock
    private volatile int receiversWaiting;                       // receivers.size(), written under lock
    private volatile int sendersWaiting;                         // senders.size(), written under lock
    private volatile int sendersWoken;                           // plain senders claimed and not yet retried; atomic
    private volatile boolean gated;                              // an upstream attached to a bounded channel
    private volatile @Nullable Throwable closeCause;             // written under lock before the buffer closes
    private @Nullable Upstream upstream;                         // guarded by lock
    private volatile long outstanding;                           // upstream demand not yet delivered; under lock
    private int vainWaits;                                       // waits in a row that parked: a hint, racy

    private ChannelImpl(int capacity, Thread.UncaughtExceptionHandler handler, @Nullable String name) {
        super(handler, name);
        this.capacity = capacity;
        this.bounded = capacity != Integer.MAX_VALUE;
        this.buffer = bounded ? new ArrayBuffer(capacity) : new LinkedBuffer();
    }

    /** A channel of {@code capacity} (1 or more; {@link Integer#MAX_VALUE}: unbounded) reporting to {@code handler}. */
    public static <E> ChannelImpl<E> create(int capacity, Thread.UncaughtExceptionHandler handler) {
        return new ChannelImpl<>(capacity, handler, null);
    }

    /** As {@link #create(int, Thread.UncaughtExceptionHandler)}, named {@code name} in snapshots (null: unnamed). */
    public static <E> ChannelImpl<E> create(int capacity, Thread.UncaughtExceptionHandler handler,
                                            @Nullable String name) {
        return new ChannelImpl<>(capacity, handler, name);
    }

    @Override
    long sentCount() {
        return buffer.added();
    }

    @Override
    long receivedCount() {
        return buffer.taken();
    }

    @Override
    ChannelSnapshot.Kind kind() {
        return bounded ? ChannelSnapshot.Kind.BOUNDED : ChannelSnapshot.Kind.UNBOUNDED;
    }

    @Override
    void lock() {
        lock.lock();
    }

    @Override
    void unlock() {
        lock.unlock();
    }

    // ---- send ----

    @Override
    int transmit(E element, boolean wait, boolean timed, long deadline, Clock clock) {
        if (!wait) {
            int r = offer(element);
            return r == Buffer.OK ? SENT : r == Buffer.CLOSED ? CLOSED : NOT_SENT;
        }
        boolean woken = false;
        int start = firstRound();
        for (int round = start; ; round++) {
            int r = offer(element);
            if (woken) {
                SENDERS_WOKEN.decrementAndGet(this);   // retried: the room kept for this sender is released
                woken = false;
                releasedRoom();
            }
            if (r == Buffer.OK) {
                backedOff(start, round);
                return SENT;
            }
            if (r == Buffer.CLOSED) {
                return CLOSED;
            }
            if (timed && clock.isPast(deadline)) {
                return NOT_SENT;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw Waiter.interrupted("send");
            }
            if (round < OPTIMISTIC_ROUNDS) {
                backOff(round);   // full: a receiver is likely draining; waiting here is cheaper than parking
                continue;
            }
            if (round == OPTIMISTIC_ROUNDS) {
                parked();
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
                return NOT_SENT;
            }
            woken = true;   // notified: room was freed (and kept for us, if gated); try again
        }
    }

    /**
     * Where a wait starts: backing off (spins, then yields) unless the last waits backed off in vain and parked, in
     * which case it parks at once (OPTIMISTIC_ROUNDS), but for a probe now and then. Spinning for a side that is
     * slow burned a fifth of a JSON-RPC server's CPU: its dispatcher waits for a reader of standard input.
     */
    private int firstRound() {
        int vain = vainWaits;
        return vain < PARKS_BEFORE_DOUBT || vain % PROBE_EVERY == 0 ? FIRST_ROUND : OPTIMISTIC_ROUNDS;
    }

    /** A wait that began at {@code start} ended at {@code round}: if it backed off and did not park, that paid. */
    private void backedOff(int start, int round) {
        if (round > start && round <= OPTIMISTIC_ROUNDS && vainWaits != 0) {
            vainWaits = 0;
        }
    }

    /** A wait is about to park. */
    private void parked() {
        int vain = vainWaits;
        if (vain < Integer.MAX_VALUE) {
            vainWaits = vain + 1;
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
    @Nullable Object receive(boolean wait, boolean timed, long deadline, Clock clock) {
        int start = wait ? firstRound() : 0;
        for (int round = start; ; round++) {
            Object e = takeOrEnd();
            if (e != null || !wait) {
                backedOff(start, round);
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
            if (round == OPTIMISTIC_ROUNDS) {
                parked();
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

    /** An element, {@link #END} if closed and drained, or null if empty for now. */
    private @Nullable Object takeOrEnd() {
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
    boolean closeWith(@Nullable Throwable cause, boolean cancelTheUpstream) {
        List<Waiter> woken = new ArrayList<>();
        Upstream cancel = null;
        Object[] everyone;
        lock.lock();
        try {
            if (buffer.isClosed()) {
                return false;
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
        return true;
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

    // ---- the select hook ----

    @Override
    public Selector.Clause recvClause() {
        return new RecvClause();
    }

    @Override
    public Selector.Clause sendClause(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        return new SendClause(element);
    }

    private final class RecvClause implements Selector.Clause {
        private @Nullable Waiter node;   // queued in `receivers` while registered

        @Override
        public Object tryNow() {
            Object e = takeOrEnd();
            return e == END ? Selector.CLOSED : e != null ? e : Selector.NOT_READY;
        }

        @Override
        public boolean register(Selector selector, int index) {
            Waiter w = new Waiter(selector.thread(), selector, index, null);
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
            Waiter w = new Waiter(selector.thread(), selector, index, null);
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
    void attach(Upstream candidate) {
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
                Failures.report(handler, secondUpstream());
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
    boolean awaitElement(Waiter interest) {
        enqueue(receivers, interest);
        if (buffer.isEmpty() && !buffer.isClosed()) {
            return true;
        }
        withdraw(receivers, interest);
        return false;
    }

    @Override
    void dropInterest(Waiter interest) {
        if (interest.abandon()) {
            forget(receivers, interest);
        } else if (!buffer.isEmpty() && receiversWaiting != 0) {
            notifyOne(receivers);
        }
    }

    @Override
    boolean isDrained() {
        return buffer.isClosed() && buffer.isEmpty();
    }

    @Override
    public @Nullable Throwable closeCause() {
        return closeCause;
    }

    @Override
    boolean hasUpstreamLocked() {
        return upstream != null;
    }

    @Override
    public String toString() {
        return "Channel[" + (bounded ? "capacity " + capacity : "unbounded") + ", size " + size()
                + (isClosed() ? ", closed]" : "]");
    }
}
