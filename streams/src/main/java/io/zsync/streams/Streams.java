package io.zsync.streams;

import io.zsync.Zsync;
import io.zsync.streams.internal.Bridge;
import io.zsync.streams.internal.Launcher;
import io.zsync.streams.internal.PublisherConcat;
import io.zsync.streams.internal.PublisherFromCallable;
import io.zsync.streams.internal.PublisherFromIterable;
import io.zsync.streams.internal.PublisherMerge;
import io.zsync.streams.internal.PublisherProduce;
import io.zsync.streams.internal.PublisherRace;
import io.zsync.streams.internal.PublisherZip;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.reactivestreams.Publisher;

/**
 * Where pipelines start: sources ({@link #fromIterable(Iterable)}, {@link #fromStream(Stream)},
 * {@link #fromCallable(Callable)}, {@link #produce(Producer)}, {@link #interval(Duration)}), any Publisher of
 * either family ({@link #from(Publisher)}, {@link #fromFlow(Flow.Publisher)}), and the combinators of several
 * publishers ({@link #merge(List)}, {@link #concat(List)}, {@link #race(List)}, {@link #zip(List)},
 * {@link #zip(Publisher, Publisher, BiFunction)}).
 *
 * {@snippet :
 * Zsync.run(() -> {
 *     Pipeline<Integer> lengths = Streams.merge(List.of(Flux.just("a", "bb"), channel))
 *             .map(String::length);
 *     for (int n : lengths.toIterable()) {
 *         System.out.println(n);
 *     }
 * });
 * }
 *
 * <h2>Which runtime runs the tasks</h2>
 * {@link #fromCallable(Callable)}, {@link #produce(Producer)}, {@link #interval(Duration)},
 * {@link Pipeline#mapConcurrent(int, BlockingFunction)} and
 * {@link Pipeline#mapConcurrentUnordered(int, BlockingFunction)} run code as zsync tasks. The runtime is chosen when
 * the pipeline is assembled (the factory or operator is called): the runtime running the calling task, else the
 * global runtime ({@link io.zsync.Zsync#initGlobalRuntime(io.zsync.Config)}); if there is none, or it runs
 * {@link io.zsync.ExecutionModel#BLOCKING} (where a task runs only when awaited), a shared fallback runtime of
 * virtual threads, created on first use. So a pipeline built inside {@code Zsync.run} lives and dies with that
 * program (closing the runtime cancels its tasks, and their streams fail with
 * {@link io.zsync.TaskCancelledException}), while one built elsewhere just works, as Reactor's and RxJava's default
 * schedulers do. Every thread involved is a daemon thread: no stream keeps the JVM alive.
 *
 * <h2>Time</h2>
 * Every wait and timer of the streams — {@link #interval(Duration)}'s ticks, {@link Pipeline#batch(int, Duration)}'s
 * window, {@link Pipeline#timeout(Duration)} — reads the clock of that same runtime, chosen at assembly. On the
 * system clock, the time-based operators share one daemon timer thread that hands each deadline to a new virtual
 * thread; on a {@linkplain io.zsync.ManualClock manual clock} (as under {@link io.zsync.Zsync#runTest}) each
 * deadline is a task of the runtime sleeping in {@link io.zsync.Zsync#sleep(Duration)}, so virtual time moves past
 * it: {@code interval(Duration.ofSeconds(1))} then ticks once per virtual second. A pipeline consumed under
 * {@code runTest} should end in a zsync channel ({@link Pipeline#subscribe(io.zsync.channel.Channel)}), whose
 * {@code recv} is a zsync wait; an {@link AsyncIterator} parks outside zsync, which holds virtual time still.
 *
 * <h2>Failures nobody can receive</h2>
 * The streams follow the runtime's one rule for undeliverable failures: a failure that can no longer reach a
 * subscriber goes to the {@linkplain io.zsync.Config#uncaughtHandler() uncaught handler} of the runtime that built
 * the pipeline — the runtime chosen at assembly, as above, whose handler is captured then — never to the handler of
 * whichever thread it surfaces on (a Reactor scheduler, the streams' timer, a producer's thread), never to
 * {@code System.err}, never to nowhere. That covers: an error after the stream has ended or was cancelled (an
 * upstream's second terminal signal, a timer firing after the end), a failure of a {@code produce} producer, a
 * {@code fromCallable} callable or a {@code mapConcurrent} function after the subscriber cancelled or after the
 * stream failed otherwise, a subscriber that throws from {@code onNext} (§2.13, after which its subscription is
 * treated as cancelled), and a protocol violation by an upstream that can no longer be signalled (§2.5, a second
 * {@code onSubscribe}). The one exception is the echo of a cancellation the stream itself caused: an
 * {@link InterruptedException} or a {@link java.util.concurrent.CancellationException} (such as
 * {@link io.zsync.TaskCancelledException}) thrown by code the stream cancelled is expected, and dropped.
 *
 * @since 0.1
 */
public final class Streams {
    private Streams() {
    }

    // ---- from Publishers ----

    /**
     * Wraps a Reactive Streams publisher (a Reactor {@code Flux}, an RxJava {@code Flowable}, a zsync task or
     * channel) to chain operators on it (Reactor {@code Flux.from}, RxJava {@code Flowable.fromPublisher}).
     *
     * @param publisher the source, not null
     * @param <T> the element type
     * @return a pipeline over it; the publisher itself if it is one
     * @throws NullPointerException if {@code publisher} is null
     */
    @SuppressWarnings("unchecked")
    public static <T> Pipeline<T> from(Publisher<? extends T> publisher) {
        Objects.requireNonNull(publisher, "publisher must not be null");
        if (publisher instanceof Pipeline<?> pipeline) {
            return (Pipeline<T>) pipeline;
        }
        return new Pipeline<>((Publisher<T>) publisher);
    }

    /**
     * Wraps a {@link Flow.Publisher} (a {@code SubmissionPublisher}, or any JDK-style source); see
     * {@link #from(Publisher)}.
     *
     * @param publisher the source, not null
     * @param <T> the element type
     * @return a pipeline over it
     * @throws NullPointerException if {@code publisher} is null
     */
    public static <T> Pipeline<T> fromFlow(Flow.Publisher<? extends T> publisher) {
        return from(Bridge.<T>toPublisher(publisher));
    }

    // ---- sources ----

    /**
     * Emits the elements of {@code iterable}, then completes (Reactor {@code Flux.fromIterable}, RxJava
     * {@code Flowable.fromIterable}). Each subscriber gets a new iterator; a null element fails the stream.
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Takes from the iterator only what is requested.</dd>
     *  <dt><b>Threading:</b></dt><dd>Emits on the thread that calls {@code request} (or {@code subscribe}, to
     *      find out whether the iterator is empty).</dd>
     * </dl>
     *
     * @param iterable the elements, not null
     * @param <T> the element type
     * @return the pipeline
     * @throws NullPointerException if {@code iterable} is null
     */
    public static <T> Pipeline<T> fromIterable(Iterable<? extends T> iterable) {
        Objects.requireNonNull(iterable, "iterable must not be null: pass for example List.of()");
        return new Pipeline<>(new PublisherFromIterable<T>(iterable::iterator, () -> { }, Launcher.current()));
    }

    /**
     * Emits the elements of {@code stream}, then completes, and closes the stream when the subscription ends in
     * any way (Reactor {@code Flux.fromStream}, RxJava {@code Flowable.fromStream}). A stream can be consumed once:
     * a second subscriber receives {@code onError(IllegalStateException)}.
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Pulls from the stream only what is requested.</dd>
     *  <dt><b>Threading:</b></dt><dd>Emits on the thread that calls {@code request}.</dd>
     * </dl>
     *
     * @param stream the elements, not null
     * @param <T> the element type
     * @return the pipeline
     * @throws NullPointerException if {@code stream} is null
     */
    public static <T> Pipeline<T> fromStream(Stream<? extends T> stream) {
        Objects.requireNonNull(stream, "stream must not be null: pass for example Stream.of()");
        AtomicBoolean taken = new AtomicBoolean();
        return new Pipeline<>(new PublisherFromIterable<T>(() -> {
            if (taken.getAndSet(true)) {
                throw new IllegalStateException("fromStream: a Stream can be consumed only once and this one was"
                        + " already subscribed to; use fromIterable, or build a new pipeline per subscriber");
            }
            @SuppressWarnings("unchecked")
            Iterator<? extends T> it = (Iterator<? extends T>) stream.iterator();
            return it;
        }, stream::close, Launcher.current()));
    }

    /**
     * Runs {@code callable} as a task for each subscriber and emits its result, then completes; a null result
     * completes empty, an exception fails the stream (Reactor {@code Mono.fromCallable(..).subscribeOn(..)},
     * RxJava {@code Single.fromCallable(..).subscribeOn(..)}).
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>The result waits for a request.</dd>
     *  <dt><b>Threading:</b></dt><dd>The callable runs as a task (see "Which runtime runs the tasks"), started
     *      when the subscriber subscribes.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>Cancelling the subscription cancels (interrupts) the
     *      task.</dd>
     * </dl>
     *
     * @param callable the code, not null; it may block
     * @param <T> the result type
     * @return the pipeline, of at most one element
     * @throws NullPointerException if {@code callable} is null
     */
    public static <T> Pipeline<T> fromCallable(Callable<? extends T> callable) {
        Objects.requireNonNull(callable, "callable must not be null: pass the code to run");
        return new Pipeline<>(new PublisherFromCallable<>(callable, Launcher.current()));
    }

    /**
     * Runs {@code producer} as a task that emits the elements one by one, each {@code emit} waiting for demand;
     * returning completes the stream, throwing fails it. It is cold: nothing runs before a subscription, and each
     * subscriber gets its own producer task. The nearest peers are kotlinx's {@code flow { emit(..) }} (cold, and
     * {@code emit} suspends until the collector is ready) and {@code produce { send(..) }} (whose {@code send}
     * suspends likewise, though the coroutine starts at once), and Reactor's {@code Flux.create} (whose sink
     * buffers instead of making the producer wait); RxJava has no blocking twin. It is not Reactor's or RxJava's
     * {@code generate}, a synchronous state function called once per request.
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>{@code emit} parks while the subscriber has no demand: nothing is
     *      buffered.</dd>
     *  <dt><b>Threading:</b></dt><dd>The producer runs as a task (see "Which runtime runs the tasks"), on a
     *      virtual thread by default, started when the subscriber subscribes; elements are signalled on it.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>Cancelling the subscription cancels the task: the producer is
     *      interrupted and {@code emit} throws {@link io.zsync.TaskCancelledException}.</dd>
     * </dl>
     *
     * @param producer the code, not null
     * @param <T> the element type
     * @return the pipeline
     * @throws NullPointerException if {@code producer} is null
     */
    public static <T> Pipeline<T> produce(Producer<T> producer) {
        Objects.requireNonNull(producer, "producer must not be null: pass code that calls emitter.emit(..)");
        return new Pipeline<>(new PublisherProduce<>(producer, Launcher.current()));
    }

    /**
     * Emits 0, 1, 2, … one every {@code period}, the first after one period, and never completes (Reactor
     * {@code Flux.interval}, RxJava {@code Flowable.interval}). Unlike those, a slow subscriber does not fail it:
     * the ticker waits for demand, and ticks that fall while it waits are skipped, as Go's {@code time.Ticker}
     * skips them, so a slow consumer never gets a burst.
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Waits for demand; never buffers.</dd>
     *  <dt><b>Threading:</b></dt><dd>A producer task (see "Which runtime runs the tasks") sleeps between
     *      ticks.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>Cancelling stops the ticker's task. If its runtime cancels it
     *      (the runtime closes), the stream fails with {@link io.zsync.TaskCancelledException}.</dd>
     *  <dt><b>Time:</b></dt><dd>Reads the clock of its runtime (see "Which runtime runs the tasks"): under
     *      {@link io.zsync.Zsync#runTest}, a tick takes virtual time, not real.</dd>
     * </dl>
     *
     * @param period the time between ticks, positive
     * @return the pipeline
     * @throws NullPointerException if {@code period} is null
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static Pipeline<Long> interval(Duration period) {
        long nanos = positive(period, "interval period").toNanos();
        Launcher launcher = Launcher.current();
        return new Pipeline<>(new PublisherProduce<Long>(emitter -> {
            // the runtime's clock: its tasks' Zsync.sleep reads it, and launcher.nanoTime() too (runTest: virtual)
            long next = launcher.nanoTime() + nanos;
            for (long tick = 0; ; tick++) {
                for (long wait; (wait = next - launcher.nanoTime()) > 0; ) {
                    Zsync.sleep(Duration.ofNanos(wait));   // cancelled: throws TaskCancelledException
                }
                emitter.emit(tick);
                long now = launcher.nanoTime();
                next += nanos;
                if (next - now <= 0) {
                    next = now + nanos;   // waited for demand past one or more ticks: skip them
                }
            }
        }, launcher));
    }

    // ---- combining publishers ----

    /**
     * Emits the elements of all {@code sources}, subscribed at once, in the order they arrive (Reactor
     * {@code Flux.merge}, RxJava {@code Flowable.merge}). Completes when all have completed; fails with the first
     * error, cancelling the others.
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Asks each source for 32 elements ahead, and for more as they go
     *      downstream.</dd>
     *  <dt><b>Threading:</b></dt><dd>Signals on the sources' threads or the requesting thread, one at a
     *      time.</dd>
     * </dl>
     *
     * @param sources the publishers, none null; none: an empty stream
     * @param <T> the element type
     * @return the pipeline
     * @throws NullPointerException if the list or one of its publishers is null
     */
    public static <T> Pipeline<T> merge(List<? extends Publisher<? extends T>> sources) {
        return new Pipeline<>(new PublisherMerge<T>(copy(sources, "merge", false), Launcher.current()));
    }

    /**
     * Emits the elements of each source in turn, subscribing to the next when the previous has completed (Reactor
     * {@code Flux.concat}, RxJava {@code Flowable.concat}); fails with the first error.
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Demand not met by one source carries over to the next.</dd>
     *  <dt><b>Threading:</b></dt><dd>Signals on the current source's thread.</dd>
     * </dl>
     *
     * @param sources the publishers, none null; none: an empty stream
     * @param <T> the element type
     * @return the pipeline
     * @throws NullPointerException if the list or one of its publishers is null
     */
    public static <T> Pipeline<T> concat(List<? extends Publisher<? extends T>> sources) {
        return new Pipeline<>(new PublisherConcat<T>(copy(sources, "concat", false), Launcher.current()));
    }

    /**
     * Relays whichever source signals first (an element, an error or its end) and cancels the others (Reactor
     * {@code Flux.firstWithSignal}, RxJava {@code Flowable.amb}).
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Until a source wins, requests go to all; then only to the winner.</dd>
     *  <dt><b>Threading:</b></dt><dd>Signals on the winner's thread.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>A loser's later error goes to the uncaught handler.</dd>
     * </dl>
     *
     * @param sources the publishers, at least one, none null
     * @param <T> the element type
     * @return the pipeline
     * @throws NullPointerException if the list or one of its publishers is null
     * @throws IllegalArgumentException if {@code sources} is empty
     */
    public static <T> Pipeline<T> race(List<? extends Publisher<? extends T>> sources) {
        return new Pipeline<>(new PublisherRace<T>(copy(sources, "race", true), Launcher.current()));
    }

    /**
     * Zips the sources: for each i, emits one list holding the i-th element of every source, in the sources' order
     * (Reactor {@code Flux.zip(sources, Arrays::asList)}, RxJava {@code Flowable.zip(sources, Arrays::asList)}).
     * It completes as soon as a source has completed and every full round that source allows has been emitted,
     * cancelling the other sources; the first error fails it, cancelling the others. With no sources it completes
     * at once, empty, as Reactor's and RxJava's zip of nothing do.
     *
     * {@snippet :
     * Pipeline<List<String>> rows = Streams.zip(List.of(names, emails, phones));   // [name, email, phone], ...
     * }
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Asks each source for 32 elements ahead, then for 24 more each time 24
     *      rounds have gone downstream, so it holds at most 32 elements per source; emits a round only when
     *      downstream has asked for it (§1.1).</dd>
     *  <dt><b>Threading:</b></dt><dd>Signals on the thread of the source that completes a round, or the
     *      requesting thread, one signal at a time.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>A source's error is signalled at once: the elements held for
     *      later rounds are dropped and the other sources cancelled. An error that comes after the end (from a
     *      source cancelled meanwhile) goes to the uncaught handler. Cancelling cancels every source.</dd>
     * </dl>
     *
     * @param sources the publishers, none null; none: an empty stream
     * @param <T> the element type
     * @return the pipeline of rounds, each an unmodifiable list
     * @throws NullPointerException if the list or one of its publishers is null
     */
    public static <T> Pipeline<List<T>> zip(List<? extends Publisher<? extends T>> sources) {
        return new Pipeline<>(PublisherZip.lists(copy(sources, "zip", false), Launcher.current()));
    }

    /**
     * Zips two sources: for each i, emits {@code combiner} applied to the i-th element of {@code a} and the i-th
     * element of {@code b} (Reactor {@code Flux.zip(a, b, combinator)}, RxJava {@code Flowable.zip(a, b, zipper)},
     * kotlinx {@code a.zip(b, transform)}). It completes as soon as one source has completed and every pair it
     * allows has been emitted, cancelling the other; the first error fails it, cancelling the other.
     *
     * {@snippet :
     * Pipeline<String> labelled = Streams.zip(names, scores, (name, score) -> name + ": " + score);
     * }
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>As {@link #zip(List)}: 32 elements ahead per source, replenished 24 at a
     *      time; a pair is combined and emitted only when downstream has asked for it (§1.1).</dd>
     *  <dt><b>Threading:</b></dt><dd>{@code combiner} runs, and signals go, on the thread of the source that
     *      completes a pair, or the requesting thread, one at a time.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>A source's error, or a {@code combiner} that throws, cancels
     *      both sources and fails the stream; a {@code combiner} that returns null fails it with a
     *      {@link NullPointerException} naming the combiner (§2.13). Cancelling cancels both sources.</dd>
     * </dl>
     *
     * @param a the first source, not null
     * @param b the second source, not null
     * @param combiner makes one element of a pair, not null; it must not return null
     * @param <A> the first source's element type
     * @param <B> the second source's element type
     * @param <R> the result type
     * @return the pipeline of combined pairs
     * @throws NullPointerException if {@code a}, {@code b} or {@code combiner} is null
     */
    public static <A, B, R> Pipeline<R> zip(Publisher<? extends A> a, Publisher<? extends B> b,
                                            BiFunction<? super A, ? super B, ? extends R> combiner) {
        Objects.requireNonNull(a, "zip: a must not be null; pass the first publisher");
        Objects.requireNonNull(b, "zip: b must not be null; pass the second publisher");
        Objects.requireNonNull(combiner, "zip: combiner must not be null; pass the function that makes one element"
                + " of a pair, for example (x, y) -> x + \":\" + y");
        return new Pipeline<>(PublisherZip.pairs(a, b, combiner, Launcher.current()));
    }

    // ---- argument checks ----

    private static <T> List<Publisher<? extends T>> copy(List<? extends Publisher<? extends T>> sources,
                                                         String operator, boolean needsOne) {
        Objects.requireNonNull(sources, operator + ": sources must not be null; pass a list of publishers");
        for (int i = 0; i < sources.size(); i++) {
            Objects.requireNonNull(sources.get(i), operator + ": sources[" + i + "] is null; pass only publishers");
        }
        if (needsOne && sources.isEmpty()) {
            throw new IllegalArgumentException(operator + " needs at least one publisher but got none; with no"
                    + " alternatives there is nothing to wait for");
        }
        return List.copyOf(sources);
    }

    static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what + " must not be null: pass for example Duration.ofSeconds(1)");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive but was " + d
                    + "; pass for example Duration.ofSeconds(1)");
        }
        return d;
    }
}
