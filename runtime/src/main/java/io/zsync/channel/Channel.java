package io.zsync.channel;

import java.time.Duration;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Processor;
import org.reactivestreams.Subscriber;

/**
 * A multi-producer, multi-consumer FIFO queue that tasks wait on — {@code send} waits while it is full, {@code recv}
 * while it is empty — and that is at once a Reactive Streams and a {@link Flow} {@code Processor}: subscribed to a
 * publisher, it requests only what it has room for; subscribed to, it hands each element to exactly one of its
 * subscribers or receivers. Every element sent is received exactly once; the one exception, a subscriber that throws
 * from {@code onNext} (§2.13), is cancelled, and the element it was handed goes to the uncaught handler of the
 * channel's runtime in an {@link UndeliveredElementException}: never dropped silently.
 *
 * {@snippet :
 * Channel<String> lines = Zsync.bounded(64);
 * Zsync.spawn(() -> {
 *     try (lines) {                               // close() when done: receivers drain, then see the end
 *         for (String line : input) {
 *             lines.send(line);                   // waits while 64 lines are buffered
 *         }
 *     }
 * });
 * for (String line : lines) {                     // receives until closed and drained
 *     System.out.println(line);
 * }
 * Flux.from(otherChannel).map(String::length);    // a Publisher; and Flux.range(0, 10).subscribe(channel) feeds one
 * }
 *
 * <h2>Capacity and demand</h2>
 * A bounded channel holds at most {@link #capacity()} elements, counting the elements its upstream publisher has
 * been asked for and not yet delivered: its outstanding demand never exceeds its free capacity, so neither senders
 * nor the upstream can overflow it. An unbounded channel requests from its upstream in batches.
 *
 * <h2>Rendezvous</h2>
 * A channel of capacity 0 ({@code Zsync.rendezvous()}, {@code Zsync.bounded(0)}) holds no element: it hands each
 * one from a waiting sender to a waiting receiver, as Go's unbuffered channel and kotlinx's {@code RENDEZVOUS} do.
 * {@code send} returns only once a receiver took the element; {@code trySend} succeeds only if a receiver (a
 * {@code recv}, a select, a subscriber with demand) is waiting at that moment; {@code tryRecv} only if a sender is.
 * Select works on both sides, select against select included. As a Subscriber it requests from its upstream one
 * element per waiting receiver (its demand follows the receivers); an element that arrives when its receiver has
 * given up (timed out, cancelled), or that was being handed to a subscriber or select that gave up, waits in the
 * channel for the next receiver: never lost. A receiver that never waits asks for nothing: a select that always
 * finds another alternative ready takes it without queueing here, so an upstream-fed rendezvous channel among its
 * alternatives is not asked for elements until the select waits (give it a buffer, {@code bounded(1)}, if it must be
 * polled with {@code tryRecv} or {@code orElse}).
 *
 * <h2>Closing</h2>
 * {@link #close()} and {@link #close(Throwable)} are graceful: senders fail from then on with
 * {@link ChannelClosedException}; receivers and subscribers first get every buffered element, then the end (or the
 * cause). An upstream's {@code onComplete} and {@code onError} close the channel the same way. Closing cancels the
 * upstream subscription, if any.
 *
 * <h2>As a Publisher</h2>
 * Several subscribers share the elements (work distribution, like several receivers): each element goes to exactly
 * one of them, to a subscriber only as it has requested. Subscribers and {@code recv} callers can mix. A subscriber
 * that cancels leaves the elements it did not take in the channel. When the last subscriber of a channel that has an
 * upstream cancels, the channel cancels its upstream and closes (Reactor's auto-cancel); what is buffered stays for
 * receivers.
 *
 * <h2>Select</h2>
 * A channel is an alternative of {@link io.zsync.Select} ({@code Zsync.select().onRecv(channel, ...)} or
 * {@code .onSend(channel, element, ...)}). The hook underneath is two-phase. Elements only ever move by a
 * non-waiting attempt (the same as {@code tryRecv} / {@code trySend}); a party that must wait queues a claimable
 * node, re-checks, and parks, and a channel that gains an element (or room) claims one waiting node (one
 * compare-and-set) and wakes it to try again. A node that gives up (interrupt, timeout) is skipped because its claim
 * fails. A select queues one node on each of its channels, all sharing one state, so at most one channel's claim
 * wins; woken, the select tries that channel's alternative first, then every alternative again, and only the one
 * attempt that succeeds takes effect: the losing alternatives take and add nothing.
 *
 * <p>Thread-safe: any method may be called from any thread.
 * <p>Memory consistency effects: actions in a thread before {@code send(e)} (or an upstream's {@code onNext(e)})
 * happen-before actions following the {@code recv()} that returns {@code e}, or the subscriber's {@code onNext(e)},
 * in another thread.
 *
 * @param <E> the element type
 * @since 0.1
 */
public sealed interface Channel<E> extends Processor<E, E>, Flow.Processor<E, E>, Iterable<E>, AutoCloseable
        permits io.zsync.internal.channel.AbstractChannel {

    /**
     * Sends {@code element}, waiting while the channel is full.
     *
     * <p><b>Blocking and cancellation:</b> parks the calling thread (cheap on a virtual thread). If the thread is
     * interrupted (its task cancelled) while waiting, throws {@link io.zsync.TaskCancelledException} with the flag
     * still set.
     * <p><b>When closed:</b> throws {@link ChannelClosedException}, also when the channel closes while this waits.
     * <p><b>Elements in flight:</b> when this throws, {@code element} was not sent; when it returns, it was, even if
     * the thread was interrupted meanwhile (the flag is then set). Never lost, never duplicated.
     * <p><b>Related:</b> {@link #trySend(Object)}, {@link #send(Object, Duration)}.
     *
     * @param element what to send
     * @throws NullPointerException if {@code element} is null (§2.13)
     * @throws ChannelClosedException if the channel is closed
     * @throws io.zsync.TaskCancelledException if the calling thread is interrupted while waiting
     */
    void send(E element);

    /**
     * Sends {@code element}, waiting at most {@code timeout} while the channel is full.
     *
     * <p>As {@link #send(Object)}; on timeout, {@code element} was not sent.
     *
     * @param element what to send
     * @param timeout how long to wait at most; zero or less does not wait
     * @return {@code true} if sent, {@code false} if the time ran out
     * @throws NullPointerException if an argument is null
     * @throws ChannelClosedException if the channel is closed
     * @throws io.zsync.TaskCancelledException if the calling thread is interrupted while waiting
     */
    boolean send(E element, Duration timeout);

    /**
     * Sends {@code element} if there is room now; never waits.
     *
     * @param element what to send
     * @return {@code true} if sent; {@code false} if the channel is full or closed
     * @throws NullPointerException if {@code element} is null (§2.13)
     */
    boolean trySend(E element);

    /**
     * Receives the next element, waiting while the channel is empty.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #send(Object)}.
     * <p><b>When closed:</b> returns the buffered elements first; then throws {@link ChannelClosedException} whose
     * cause is the close cause.
     * <p><b>Elements in flight:</b> when this throws, no element was taken; when it returns an element, that element
     * left the channel, even if the thread was interrupted meanwhile (the flag is then set).
     * <p><b>Related:</b> {@link #tryRecv()}, {@link #recv(Duration)}, {@link #iterator()}.
     *
     * @return the element
     * @throws ChannelClosedException if the channel is closed and drained
     * @throws io.zsync.TaskCancelledException if the calling thread is interrupted while waiting
     */
    E recv();

    /**
     * Receives the next element, waiting at most {@code timeout} while the channel is empty.
     *
     * <p>As {@link #recv()}; on timeout, no element was taken.
     *
     * @param timeout how long to wait at most; zero or less does not wait
     * @return the element, or {@code null} if the time ran out
     * @throws NullPointerException if {@code timeout} is null
     * @throws ChannelClosedException if the channel is closed and drained
     * @throws io.zsync.TaskCancelledException if the calling thread is interrupted while waiting
     * @see #recvCatching(Duration) the same without an exception at the end
     */
    @Nullable E recv(Duration timeout);

    /**
     * Receives an element if one is there now; never waits, never throws for a closed channel.
     *
     * @return the element, or {@code null} if the channel is empty or closed and drained;
     *     {@link #recvCatching(Duration) recvCatching(Duration.ZERO)} tells the two apart
     */
    @Nullable E tryRecv();

    /**
     * Receives the next element, waiting while the channel is empty, and reports the channel's end as a result
     * instead of an exception (as kotlinx's {@code receiveCatching}).
     *
     * <p><b>Blocking and cancellation:</b> as {@link #recv()}.
     * <p><b>When closed:</b> returns the buffered elements first, then {@link ChannelResult.Closed} with the close
     * cause (null if closed normally); never throws for a closed channel.
     * <p><b>Elements in flight:</b> as {@link #recv()}.
     *
     * @return a {@link ChannelResult.Value} or a {@link ChannelResult.Closed}; never {@link ChannelResult.Empty}
     * @throws io.zsync.TaskCancelledException if the calling thread is interrupted while waiting
     */
    ChannelResult<E> recvCatching();

    /**
     * Receives the next element, waiting at most {@code timeout} while the channel is empty; tells an element, a
     * timeout and the channel's end apart in one call, without an exception and without a racy second look.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #recv()}; a zero or negative timeout does not wait (a
     * non-waiting receive that, unlike {@link #tryRecv()}, tells empty from closed).
     * <p><b>When closed:</b> returns the buffered elements first, then {@link ChannelResult.Closed}.
     * <p><b>Elements in flight:</b> on {@link ChannelResult.Empty} no element was taken.
     *
     * @param timeout how long to wait at most, on the runtime's clock
     * @return {@link ChannelResult.Value}, {@link ChannelResult.Empty} (empty until the timeout), or
     *     {@link ChannelResult.Closed}
     * @throws NullPointerException if {@code timeout} is null
     * @throws io.zsync.TaskCancelledException if the calling thread is interrupted while waiting
     */
    ChannelResult<E> recvCatching(Duration timeout);

    /**
     * Closes the channel normally: senders fail from now on, receivers get what is buffered and then the end. Cancels
     * the upstream subscription, if any. Idempotent: only the first close counts.
     */
    @Override
    void close();

    /**
     * Closes the channel with a failure: as {@link #close()}, but receivers and subscribers, once the buffer is
     * drained, get {@code cause} (receivers as the cause of {@link ChannelClosedException}).
     *
     * @param cause why the channel failed
     * @return {@code true} if this call closed the channel; {@code false} if it was closed already, in which case
     *     {@code cause} reaches nobody (the caller may report it)
     * @throws NullPointerException if {@code cause} is null
     */
    boolean close(Throwable cause);

    /**
     * Returns whether the channel has been closed (by either close or by its upstream); a racy snapshot. Buffered
     * elements may remain.
     *
     * @return whether closed
     */
    boolean isClosed();

    /**
     * Returns how many elements are buffered: exact while nothing changes; concurrent with sends and receives, an
     * estimate that may still count an element a receiver is taking, or not yet count one a sender is adding (it is
     * not linearizable with them). For monitoring, not for deciding whether a receive will succeed.
     *
     * @return the buffered count
     */
    int size();

    /**
     * Returns how many elements the channel holds at most.
     *
     * @return the capacity; 0 for a rendezvous channel, {@link Integer#MAX_VALUE} for an unbounded one
     */
    int capacity();

    /**
     * Subscribes {@code channel} to this channel: a plain call that resolves the ambiguity between the two
     * {@code subscribe} methods a channel argument would otherwise match (it is a Subscriber of both interface
     * families). The downstream channel requests only what it has room for.
     *
     * @param channel the channel to feed, not null
     * @throws NullPointerException if {@code channel} is null
     */
    default void subscribe(Channel<? super E> channel) {
        subscribe((Subscriber<? super E>) channel);
    }
}
