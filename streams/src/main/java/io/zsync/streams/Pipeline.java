package io.zsync.streams;

import io.zsync.channel.Channel;
import io.zsync.streams.internal.Bridge;
import io.zsync.streams.internal.IteratorSubscriber;
import io.zsync.streams.internal.Launcher;
import io.zsync.streams.internal.PublisherBatch;
import io.zsync.streams.internal.PublisherFilter;
import io.zsync.streams.internal.PublisherMap;
import io.zsync.streams.internal.PublisherMapConcurrent;
import io.zsync.streams.internal.PublisherTake;
import io.zsync.streams.internal.PublisherTimeout;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A Publisher with operators: made by {@link Streams}, chained with {@link #map(Function)},
 * {@link #filter(Predicate)}, {@link #take(long)}, {@link #batch(int, Duration)},
 * {@link #mapConcurrent(int, BlockingFunction)}, {@link #mapConcurrentUnordered(int, BlockingFunction)} and
 * {@link #timeout(Duration)}, consumed by any subscriber of either interface family or by a blocking loop
 * ({@link #iterator()}, {@link #toIterable()}, {@link #toStream()}).
 *
 * {@snippet :
 * try (Stream<String> names = Streams.fromIterable(ids)
 *         .mapConcurrent(64, id -> http.fetchName(id))   // blocking calls, 64 at a time, each a task; in order
 *         .filter(name -> !name.isBlank())
 *         .take(100)
 *         .toStream()) {
 *     names.forEach(System.out::println);
 * }
 * }
 *
 * <p>A pipeline is a recipe: nothing runs until it is subscribed to, and each subscription runs it anew. It is both
 * an {@code org.reactivestreams.Publisher} and a {@link Flow.Publisher}, one object for both families, and every
 * operator obeys the Reactive Streams rules (certified by the TCK for both): never more {@code onNext} than
 * requested (§1.1), {@code request(n <= 0)} fails the stream with an {@link IllegalArgumentException} (§3.9), null
 * elements are rejected (§2.13), and an upstream that emits more than it was asked for is cancelled and the stream
 * fails with an {@link IllegalStateException} (instead of an overflow).
 *
 * <p>Immutable and thread-safe: operators return new pipelines.
 *
 * @param <T> the element type
 * @since 0.1
 */
public final class Pipeline<T> implements Publisher<T>, Flow.Publisher<T> {
    /** The iterator prefetch when none is given: as Reactor's {@code toIterable()}. */
    public static final int DEFAULT_PREFETCH = 256;
    /** The largest iterator prefetch. */
    public static final int MAX_PREFETCH = 1 << 24;

    private final Publisher<T> source;

    Pipeline(Publisher<T> source) {
        this.source = source;
    }

    /**
     * Subscribes a Reactive Streams subscriber.
     *
     * @param subscriber receives the elements
     * @throws NullPointerException if {@code subscriber} is null (§1.9)
     */
    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(subscriber);
    }

    /**
     * Subscribes a {@link Flow} subscriber.
     *
     * @param subscriber receives the elements
     * @throws NullPointerException if {@code subscriber} is null (§1.9)
     */
    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        source.subscribe(Bridge.toSubscriber(subscriber));
    }

    /**
     * Subscribes a zsync {@link Channel}: the elements are sent into it, and the end of the stream closes it (an
     * error closes it with that cause; receivers first drain what it holds). A channel is both an
     * {@code org.reactivestreams.Subscriber} and a {@link Flow.Subscriber}, so without this overload
     * {@code pipeline.subscribe(channel)} would not compile ("reference to subscribe is ambiguous"); this one
     * resolves it, and behaves as either of the others would.
     *
     * {@snippet :
     * Channel<Order> orders = Zsync.bounded(64);
     * Streams.from(flux).map(Order::parse).subscribe(orders);   // a plain call, no cast
     * for (Order o : orders) {                                   // receives until the stream ends
     *     handle(o);
     * }
     * }
     *
     * <p><b>Backpressure:</b> the channel requests only what it has room for, so a bounded channel never holds
     * more than its capacity and the pipeline runs at its receivers' pace.
     *
     * @param channel receives the elements, not null
     * @throws NullPointerException if {@code channel} is null (§1.9)
     */
    public void subscribe(Channel<? super T> channel) {
        Objects.requireNonNull(channel, "channel must not be null (§1.9)");
        source.subscribe(channel);
    }

    // ---- operators ----

    /**
     * Transforms each element (Reactor {@code map}, RxJava {@code map}).
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Requests upstream exactly what downstream requests.</dd>
     *  <dt><b>Threading:</b></dt><dd>{@code mapper} runs on the upstream's thread.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>A {@code mapper} that throws or returns null cancels upstream
     *      and fails the stream.</dd>
     * </dl>
     *
     * @param mapper the function, not null
     * @param <R> the result type
     * @return the new pipeline
     * @throws NullPointerException if {@code mapper} is null
     */
    public <R> Pipeline<R> map(Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper must not be null: pass the function to apply to each element");
        return new Pipeline<>(new PublisherMap<>(source, mapper, Launcher.current()));
    }

    /**
     * Keeps the elements {@code predicate} accepts (Reactor {@code filter}, RxJava {@code filter}).
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Requests upstream what downstream requests, plus one for each dropped
     *      element.</dd>
     *  <dt><b>Threading:</b></dt><dd>{@code predicate} runs on the upstream's thread.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>A {@code predicate} that throws cancels upstream and fails the
     *      stream.</dd>
     * </dl>
     *
     * @param predicate the test, not null
     * @return the new pipeline
     * @throws NullPointerException if {@code predicate} is null
     */
    public Pipeline<T> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate must not be null: pass the test each element must pass");
        return new Pipeline<>(new PublisherFilter<>(source, predicate, Launcher.current()));
    }

    /**
     * Emits the first {@code n} elements, then cancels upstream and completes (Reactor {@code take(n, true)},
     * RxJava {@code take}).
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Never requests more than {@code n} from upstream in total.</dd>
     *  <dt><b>Threading:</b></dt><dd>Signals on the upstream's thread.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>{@code take(0)} cancels upstream at once and completes.</dd>
     * </dl>
     *
     * @param n how many elements, 0 or more
     * @return the new pipeline
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Pipeline<T> take(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("take(n) needs n >= 0 but was " + n
                    + "; use take(0) for none, or leave take out for all elements");
        }
        return new Pipeline<>(new PublisherTake<>(source, n, Launcher.current()));
    }

    /**
     * Groups elements into lists of up to {@code size}, each emitted when full or {@code maxWait} after its first
     * element (Reactor {@code bufferTimeout(size, maxWait)}, RxJava {@code buffer(time, unit, count)}).
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Holds at most {@code 2 * size} elements (ready batches, the open one and
     *      what upstream was asked for); a batch that closes while downstream has no demand waits for it.</dd>
     *  <dt><b>Threading:</b></dt><dd>Signals on the upstream's thread, or on a virtual thread when a batch closes
     *      by its deadline.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>On completion the open batch is emitted first; an error is
     *      signalled at once and drops what was held.</dd>
     * </dl>
     *
     * @param size the largest batch, 1 or more
     * @param maxWait how long the first element of a batch waits at most, positive
     * @return the new pipeline
     * @throws IllegalArgumentException if {@code size < 1} or {@code maxWait} is not positive
     * @throws NullPointerException if {@code maxWait} is null
     */
    public Pipeline<List<T>> batch(int size, Duration maxWait) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1 but was " + size
                    + "; use batch(1, maxWait) to emit each element alone");
        }
        Objects.requireNonNull(maxWait, "maxWait must not be null: pass for example Duration.ofMillis(100)");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("batch maxWait must be positive but was " + maxWait
                    + "; pass for example Duration.ofMillis(100)");
        }
        return new Pipeline<>(new PublisherBatch<>(source, size, maxWait, Launcher.current()));
    }

    /**
     * Calls {@code fn} for each element as a task (on a virtual thread), at most {@code maxConcurrency} at a time,
     * and emits the results in the elements' order, as the JDK's {@code java.util.stream.Gatherers.mapConcurrent}
     * does (Reactor {@code flatMapSequential(x -> Mono.fromCallable(..).subscribeOn(boundedElastic()),
     * maxConcurrency)}, RxJava {@code concatMapEager(x -> Flowable.fromCallable(..).subscribeOn(io()),
     * maxConcurrency, ..)}). {@code fn} may block. A result that is ready early waits for the results before it;
     * {@link #mapConcurrentUnordered(int, BlockingFunction)} emits each as soon as it is ready instead. A null
     * result emits nothing for its element, where the JDK's {@code mapConcurrent} passes the null on: a Reactive
     * Streams element cannot be null (§2.13).
     *
     * {@snippet :
     * Pipeline<Page> pages = Streams.fromIterable(urls)
     *         .mapConcurrent(16, url -> http.fetch(url));   // 16 fetches at a time; pages in the order of urls
     * }
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>At most {@code maxConcurrency} elements are in flight: requested from
     *      upstream, being mapped, or mapped and waiting for their turn or for demand. Upstream is asked for
     *      {@code maxConcurrency} elements at first, then for one more each time a result goes downstream (or a
     *      null result is dropped), so at most {@code maxConcurrency} calls run and at most that many results are
     *      held; a slow call holds up the results after it, and the calls after those.</dd>
     *  <dt><b>Threading:</b></dt><dd>{@code fn} runs in tasks of the runtime chosen at assembly (see
     *      {@link Streams}); results are signalled on those tasks' threads or the requesting thread.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>A call that throws cancels upstream and every running call
     *      (their tasks are interrupted) and fails the stream at once: results not yet emitted, including those of
     *      earlier elements, are dropped (as in Reactor's {@code flatMapSequential}). Cancelling does the same
     *      without the error. An upstream error fails the stream the same way.</dd>
     * </dl>
     *
     * @param maxConcurrency how many elements may be in flight (so how many calls may run) at once, 1 or more
     * @param fn the blocking function, not null
     * @param <R> the result type
     * @return the new pipeline
     * @throws IllegalArgumentException if {@code maxConcurrency < 1}
     * @throws NullPointerException if {@code fn} is null
     */
    public <R> Pipeline<R> mapConcurrent(int maxConcurrency, BlockingFunction<? super T, ? extends R> fn) {
        int n = checkConcurrency(maxConcurrency, "mapConcurrent");
        return new Pipeline<>(new PublisherMapConcurrent<>(source, checkFn(fn, "mapConcurrent"), n, true,
                Launcher.current()));
    }

    /**
     * Calls {@code fn} for each element as a task (on a virtual thread), at most {@code maxConcurrency} at a time,
     * and emits the results in the order the calls finish (Reactor {@code flatMap(x -> Mono.fromCallable(..)
     * .subscribeOn(boundedElastic()), maxConcurrency)}, RxJava {@code flatMap(x -> Flowable.fromCallable(..)
     * .subscribeOn(io()), false, maxConcurrency)}). {@code fn} may block. Use it when the order does not matter:
     * a slow call holds up nothing but its own result. A null result emits nothing (§2.13).
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Calls running plus results waiting for demand never exceed
     *      {@code maxConcurrency}: upstream is asked for {@code maxConcurrency} elements at first, then for one
     *      more each time a result goes downstream (or a null result is dropped).</dd>
     *  <dt><b>Threading:</b></dt><dd>{@code fn} runs in tasks of the runtime chosen at assembly (see
     *      {@link Streams}); results are signalled on those tasks' threads or the requesting thread.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>A call that throws cancels upstream and every running call
     *      (their tasks are interrupted) and fails the stream at once, dropping the results not yet emitted;
     *      cancelling does the same without the error. An upstream error fails the stream the same way.</dd>
     * </dl>
     *
     * @param maxConcurrency how many calls may run at once, 1 or more
     * @param fn the blocking function, not null
     * @param <R> the result type
     * @return the new pipeline
     * @throws IllegalArgumentException if {@code maxConcurrency < 1}
     * @throws NullPointerException if {@code fn} is null
     */
    public <R> Pipeline<R> mapConcurrentUnordered(int maxConcurrency, BlockingFunction<? super T, ? extends R> fn) {
        int n = checkConcurrency(maxConcurrency, "mapConcurrentUnordered");
        return new Pipeline<>(new PublisherMapConcurrent<>(source, checkFn(fn, "mapConcurrentUnordered"), n, false,
                Launcher.current()));
    }

    private static int checkConcurrency(int maxConcurrency, String operator) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException(operator + ": maxConcurrency must be >= 1 but was " + maxConcurrency
                    + "; pass 1 to call fn for one element at a time, or how many calls may run at once");
        }
        return maxConcurrency;
    }

    private static <F> F checkFn(F fn, String operator) {
        return Objects.requireNonNull(fn, operator
                + ": fn must not be null; pass the (possibly blocking) function to call for each element");
    }

    /**
     * Fails the stream with a {@link java.util.concurrent.TimeoutException} when upstream sends nothing within
     * {@code timeout} of the subscription or of its previous element (Reactor {@code timeout(Duration)}, RxJava
     * {@code timeout(time, unit)}). The clock runs whether or not downstream has demand.
     *
     * <dl>
     *  <dt><b>Backpressure:</b></dt><dd>Requests upstream exactly what downstream requests.</dd>
     *  <dt><b>Threading:</b></dt><dd>Signals on the upstream's thread; the timeout error on a virtual thread.</dd>
     *  <dt><b>Errors and cancellation:</b></dt><dd>On timeout, upstream is cancelled.</dd>
     * </dl>
     *
     * @param timeout the longest silence, positive
     * @return the new pipeline
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Pipeline<T> timeout(Duration timeout) {
        return new Pipeline<>(new PublisherTimeout<>(source, Streams.positive(timeout, "timeout"),
                Launcher.current()));
    }

    // ---- blocking consumption ----

    /**
     * Subscribes and returns a blocking iterator with a prefetch of {@value #DEFAULT_PREFETCH}; see
     * {@link AsyncIterator}. Close it (try-with-resources) to cancel the subscription.
     *
     * @return the iterator, already subscribed
     */
    public AsyncIterator<T> iterator() {
        return iterator(DEFAULT_PREFETCH);
    }

    /**
     * Subscribes and returns a blocking iterator that buffers at most {@code prefetch} elements; see
     * {@link AsyncIterator}.
     *
     * @param prefetch how many elements to request ahead, 1 to {@value #MAX_PREFETCH}
     * @return the iterator, already subscribed
     * @throws IllegalArgumentException if {@code prefetch} is out of range
     */
    public AsyncIterator<T> iterator(int prefetch) {
        return IteratorSubscriber.subscribe(source, checkPrefetch(prefetch), Launcher.current());
    }

    private static int checkPrefetch(int prefetch) {
        if (prefetch < 1 || prefetch > MAX_PREFETCH) {
            throw new IllegalArgumentException("prefetch must be between 1 and " + MAX_PREFETCH + " but was "
                    + prefetch + "; " + DEFAULT_PREFETCH + " suits most streams");
        }
        return prefetch;
    }

    /**
     * Returns an {@code Iterable} whose every {@code iterator()} subscribes anew, with the default prefetch. A
     * for-each loop cannot close its iterator: leaving it early leaves the subscription running until the
     * upstream ends; prefer {@link #iterator()} in try-with-resources when you may break out.
     *
     * @return the iterable
     */
    public Iterable<T> toIterable() {
        return this::iterator;
    }

    /**
     * Returns a sequential {@link Stream} of the elements; it subscribes when its terminal operation starts, and
     * its {@code close()} cancels the subscription: use it in try-with-resources. An upstream error is thrown
     * from the terminal operation as a {@link StreamFailedException}.
     *
     * @return the stream
     */
    public Stream<T> toStream() {
        return toStream(DEFAULT_PREFETCH);
    }

    /**
     * Returns a sequential {@link Stream} of the elements with the given iterator prefetch; see
     * {@link #toStream()}.
     *
     * @param prefetch how many elements to request ahead, 1 to {@value #MAX_PREFETCH}
     * @return the stream
     * @throws IllegalArgumentException if {@code prefetch} is out of range
     */
    public Stream<T> toStream(int prefetch) {
        checkPrefetch(prefetch);
        AtomicReference<AsyncIterator<T>> opened = new AtomicReference<>();
        Stream<T> stream = StreamSupport.stream(() -> {
            AsyncIterator<T> it = iterator(prefetch);
            opened.set(it);
            return Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL);
        }, Spliterator.ORDERED | Spliterator.NONNULL, false);
        return stream.onClose(() -> {
            AsyncIterator<T> it = opened.get();
            if (it != null) {
                it.close();
            }
        });
    }

    @Override
    public String toString() {
        return "Pipeline[" + source.getClass().getSimpleName() + "]";
    }
}
