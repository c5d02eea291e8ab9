package io.zsync.internal.channel;

import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import io.zsync.channel.ChannelResult;
import io.zsync.channel.ChannelSnapshot;
import io.zsync.internal.flow.Downstream;
import io.zsync.internal.select.Selector;
import io.zsync.internal.task.Failures;
import io.zsync.internal.task.TaskImpl;
import io.zsync.internal.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * What every channel shares: the public API written once over two primitives each kind implements —
 * {@link #transmit} (send) and {@link #receive} — plus the list of downstream subscriptions, the closed-channel
 * errors, iteration, and the Subscriber side's checks. {@link ChannelImpl} keeps its elements in a buffer (bounded or
 * unbounded); {@link RendezvousChannel} has none and hands each element from a sender to a receiver.
 */
public abstract sealed class AbstractChannel<E> implements Channel<E> permits ChannelImpl, RendezvousChannel {
    /** What {@link #receive} returns once the channel is closed and drained. */
    static final Object END = new Object();

    /** {@link #transmit}: the element was sent. */
    static final int SENT = 0;
    /** {@link #transmit}: the element was not sent: no room (no receiver), now or before the deadline. */
    static final int NOT_SENT = 1;
    /** {@link #transmit}: the channel is closed; the element was not sent. */
    static final int CLOSED = 2;

    final Thread.UncaughtExceptionHandler handler;                 // failures nobody else can see; final
    private final @Nullable String name;                           // given at creation, or null; final

    final List<ChannelSubscription<E>> subscriptions = new ArrayList<>();   // all live ones; guarded by the lock
    volatile boolean subscribed;                                   // a subscription ever started; written under lock

    AbstractChannel(Thread.UncaughtExceptionHandler handler, @Nullable String name) {
        this.handler = handler;
        this.name = name;
    }

    /**
     * Takes the channel's lock, which guards the subclass's waiter queues and upstream, and {@link #subscriptions}.
     * Nobody parks or calls foreign code under it.
     */
    abstract void lock();

    /** Releases the channel's lock. */
    abstract void unlock();

    // ---- the primitives ----

    /**
     * Sends {@code element}: {@link #SENT}, {@link #NOT_SENT} (without {@code wait}: not possible now; with it: the
     * deadline passed), or {@link #CLOSED}. Throws {@code TaskCancelledException} if interrupted while waiting, with
     * nothing sent.
     */
    abstract int transmit(E element, boolean wait, boolean timed, long deadline, Clock clock);

    /**
     * Receives: an element, {@link #END} once the channel is closed and drained, or null (without {@code wait}:
     * nothing now; with it: the deadline passed). Throws {@code TaskCancelledException} if interrupted while
     * waiting, with nothing taken.
     */
    abstract @Nullable Object receive(boolean wait, boolean timed, long deadline, Clock clock);

    /** Closes with {@code cause} (null: normally); false if it was closed already. */
    abstract boolean closeWith(@Nullable Throwable cause, boolean cancelTheUpstream);

    /** Attaches an upstream subscription (§2.5: a second one is cancelled and reported). */
    abstract void attach(Upstream candidate);

    /** The cause the channel was closed with; null while open or if closed normally. */
    public abstract @Nullable Throwable closeCause();

    /** A select clause that receives from this channel: its outcome is an element, or {@link Selector#CLOSED}. */
    public abstract Selector.Clause recvClause();

    /** A select clause that sends {@code element}: its outcome is {@link Selector#CLOSED} if the channel closed. */
    public abstract Selector.Clause sendClause(E element);

    /** Elements accepted since creation, or ChannelSnapshot.UNKNOWN; read by {@link #snapshot} after received. */
    abstract long sentCount();

    /** Elements taken since creation, or ChannelSnapshot.UNKNOWN; never more than a sentCount() read after it. */
    abstract long receivedCount();

    abstract ChannelSnapshot.Kind kind();

    // ---- snapshot ----

    /**
     * This channel now, for ZsyncRuntime.channels(): racy reads of what the channel keeps anyway (its size, its
     * buffer's counts), no lock except a rendezvous channel's for its size. {@code id} is the registry's number for
     * it; an unnamed channel is called {@code channel-<id>}.
     */
    public final ChannelSnapshot snapshot(long id) {
        long received = receivedCount();   // first: a count of sends read after it is at least as large
        long sent = sentCount();
        return new ChannelSnapshot(id, name != null ? name : "channel-" + id, kind(), capacity(), size(), sent,
                received, isClosed());
    }

    // ---- send ----

    @Override
    public void send(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        if (transmit(element, true, false, 0L, Clock.SYSTEM) == CLOSED) {
            throw closedForSend();
        }
    }

    @Override
    public boolean send(E element, Duration timeout) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        Objects.requireNonNull(timeout, "timeout must not be null: pass a Duration, Duration.ZERO to not wait");
        Clock clock = TaskImpl.currentClock();
        int r = transmit(element, true, true, clock.deadlineAfter(timeout), clock);
        if (r == CLOSED) {
            throw closedForSend();
        }
        return r == SENT;
    }

    @Override
    public boolean trySend(E element) {
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        return transmit(element, false, false, 0L, Clock.SYSTEM) == SENT;
    }

    // ---- receive ----

    @Override
    public E recv() {
        Object e = Objects.requireNonNull(receive(true, false, 0L, Clock.SYSTEM));
        if (e == END) {
            throw closedForRecv();
        }
        return element(e);
    }

    @Override
    public @Nullable E recv(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null: pass a Duration, Duration.ZERO to not wait");
        Clock clock = TaskImpl.currentClock();
        Object e = receive(true, true, clock.deadlineAfter(timeout), clock);
        if (e == END) {
            throw closedForRecv();
        }
        return e == null ? null : element(e);
    }

    @Override
    public @Nullable E tryRecv() {
        Object e = receive(false, false, 0L, Clock.SYSTEM);
        return e == null || e == END ? null : element(e);
    }

    @Override
    public ChannelResult<E> recvCatching() {
        return result(Objects.requireNonNull(receive(true, false, 0L, Clock.SYSTEM)));
    }

    @Override
    public ChannelResult<E> recvCatching(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null: pass a Duration, Duration.ZERO to not wait");
        if (timeout.isNegative() || timeout.isZero()) {
            Object e = receive(false, false, 0L, Clock.SYSTEM);
            return e == null ? ChannelResult.empty() : result(e);
        }
        Clock clock = TaskImpl.currentClock();
        Object e = receive(true, true, clock.deadlineAfter(timeout), clock);
        return e == null ? ChannelResult.empty() : result(e);
    }

    private ChannelResult<E> result(Object e) {
        return e == END ? ChannelResult.closed(closeCause()) : ChannelResult.value(element(e));
    }

    /** An element, {@link #END} if closed and drained, or null if empty for now. */
    final @Nullable Object pollOrEnd() {
        return receive(false, false, 0L, Clock.SYSTEM);
    }

    @SuppressWarnings("unchecked")
    static <E> E element(Object e) {
        return (E) e;
    }

    // ---- close ----

    @Override
    public void close() {
        closeWith(null, true);
    }

    @Override
    public boolean close(Throwable cause) {
        Objects.requireNonNull(cause, "cause must not be null: use close() to close normally");
        return closeWith(cause, true);
    }

    /** The error a send ({@code send} true) or a receive on this closed (and drained) channel throws. */
    public final ChannelClosedException closedError(boolean send) {
        return send ? closedForSend() : closedForRecv();
    }

    final ChannelClosedException closedForSend() {
        return new ChannelClosedException("send on a closed channel: stop sending once the channel is closed, or"
                + " check trySend's result", closeCause());
    }

    final ChannelClosedException closedForRecv() {
        Throwable cause = closeCause();
        return new ChannelClosedException(cause == null
                ? "recv on a closed and drained channel: every element was received; iterate with for-each, or use"
                + " recvCatching(), to stop at the end instead" : "recv on a channel that failed: " + cause, cause);
    }

    // ---- as a Subscriber ----

    @Override
    public final void onSubscribe(Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription must not be null (§2.13)");
        attach(Upstream.of(subscription, this::upstreamBroke));
    }

    @Override
    public final void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription must not be null (§2.13)");
        attach(Upstream.of(subscription, this::upstreamBroke));
    }

    /** The error of a second upstream (§2.5): it says what to do instead. */
    static IllegalStateException secondUpstream() {
        return new IllegalStateException("§2.5 violated: onSubscribe was called on a channel that already has an"
                + " upstream subscription; the new subscription was cancelled. A channel takes one upstream: merge"
                + " the publishers first (Streams.merge(List.of(a, b)).subscribe(channel)), or send to the channel"
                + " from a task per source");
    }

    /** The upstream threw from request or cancel (§3.16): the channel closes with the failure, or reports it. */
    private void upstreamBroke(Throwable violation) {
        if (!closeWith(violation, false)) {
            Failures.report(handler, violation);
        }
    }

    @Override
    public final void onError(Throwable error) {
        Objects.requireNonNull(error, "error must not be null (§2.13)");
        // §2.4: the subscription is cancelled already; never call back into it (§2.3)
        if (!closeWith(error, false) && !Failures.isCancellationEcho(error)) {
            Failures.report(handler, new IllegalStateException("an upstream failed after the channel had closed;"
                    + " the failure could reach no receiver (close the channel only once its upstream has ended, or"
                    + " let the upstream's end close it)", error));
        }
    }

    @Override
    public final void onComplete() {
        closeWith(null, false);   // §2.4, §2.3 as for onError; a completion after close carries nothing to lose
    }

    // ---- as a Publisher ----

    @Override
    public final void subscribe(Subscriber<? super E> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        start(new ChannelSubscription<>(this, Downstream.of(subscriber)));
    }

    @Override
    public final void subscribe(Flow.Subscriber<? super E> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        start(new ChannelSubscription<>(this, Downstream.of(subscriber)));
    }

    private void start(ChannelSubscription<E> s) {
        lock();
        try {
            subscriptions.add(s);
            subscribed = true;
        } finally {
            unlock();
        }
        s.start();
    }

    /**
     * For a subscription's drain loop that found nothing to take: queues {@code interest} among the receivers and
     * re-checks. True if it stays queued (the next element wakes it); false if an element or the end came
     * meanwhile: it was withdrawn, and the caller takes again (which is also its retry, if a claim beat the
     * withdrawal).
     */
    abstract boolean awaitElement(Waiter interest);

    /**
     * A subscription's drain loop no longer waits on {@code interest} (no demand left, or ended). A notification
     * (or, rendezvous, an element) that reached it meanwhile is passed on, as the subscription will not act on it.
     */
    abstract void dropInterest(Waiter interest);

    /**
     * What a claim handed to the subscription's {@code interest} (rendezvous: the element), or null if the claim
     * only announced readiness (the subscription then takes from the channel).
     */
    @Nullable Object handedTo(Waiter interest) {
        return null;
    }

    /**
     * Puts back, at the head, an element a subscription took but must deliver after the one {@link #handedTo} gave
     * it. Only a channel whose claims hand elements over (rendezvous) is ever asked.
     */
    void giveBack(Object element) {
        throw new AssertionError("only a rendezvous channel hands elements to a subscription's interest");
    }

    /** Whether the channel is closed and drained: a subscription without demand may complete. */
    abstract boolean isDrained();

    /** Whether the channel has an upstream now. Lock held. */
    abstract boolean hasUpstreamLocked();

    /** Signals every subscription's drain loop (at close, and when a take empties a closed channel). */
    final void drainAll() {
        Object[] everyone;
        lock();
        try {
            everyone = subscriptions.toArray();
        } finally {
            unlock();
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
    final void cancelled(ChannelSubscription<E> s) {
        boolean last;
        lock();
        try {   // one critical section: of two subscribers cancelling at once, exactly one is the last
            last = subscriptions.remove(s) && subscriptions.isEmpty() && hasUpstreamLocked() && !isClosed();
        } finally {
            unlock();
        }
        if (last) {
            closeWith(null, true);
        }
    }

    /** A subscription ended: forget it (its drain loop withdraws its queued interest, see {@link #dropInterest}). */
    final void remove(ChannelSubscription<E> s) {
        lock();
        try {
            subscriptions.remove(s);
        } finally {
            unlock();
        }
    }

    final Thread.UncaughtExceptionHandler handler() {
        return handler;
    }

    // ---- iteration ----

    @Override
    public final Iterator<E> iterator() {
        return new Iterator<>() {
            private @Nullable Object next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                Object e = Objects.requireNonNull(receive(true, false, 0L, Clock.SYSTEM));
                if (e == END) {
                    Throwable cause = closeCause();
                    if (cause != null) {
                        throw closedForRecv();   // a failed channel: its cause, after every element
                    }
                    return false;
                }
                next = e;
                return true;
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
}
