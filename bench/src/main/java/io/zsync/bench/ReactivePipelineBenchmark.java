package io.zsync.bench;

import io.reactivex.rxjava3.core.Flowable;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * A reactive pipeline across two threads: {@value Handoff#BATCH} integers from a range source, through a buffer of
 * {@link #capacity} (256 by default) between the producing and the consuming thread, summed at the end; the score is
 * in elements per second. Every contender boxes the integers as its range source does ({@code Integer.valueOf}), so
 * those above 127 are allocated, alike for all. A wrong sum fails the run.
 *
 * <p>Contenders, one method each:
 * <ul>
 *   <li>{@link #zsync}: a new {@code Zsync.bounded(capacity)} channel per invocation, fed by
 *       {@code Flux.range(0, N).subscribeOn(Schedulers.single())} (the channel requests what it has room for and
 *       closes when the range completes), drained by {@code Flux.from(channel).reduce(..).block()} on the benchmark
 *       thread. Note where the work runs: the reduce subscriber asks for everything, so the channel hands each element
 *       to it on the thread that buffers it, the producer's; the benchmark thread mostly waits in {@code block()}.
 *   <li>{@link #zsyncIterate}: the same channel and upstream, received by the benchmark thread with a for-each loop
 *       ({@code recv}): a true hand-off between the two threads. Not a contender named in the brief; it shows the
 *       channel used as a channel.
 *   <li>{@link #reactorPublishOn}: the reference peer; {@code Flux.range(0, N).publishOn(Schedulers.single(),
 *       capacity).reduce(..).block()}: the range runs on the benchmark thread, the reduce on Reactor's single
 *       worker.
 *   <li>{@link #reactorUnicastSinkPublishOn}: the peer of the brief's floor: a unicast sink fed by the benchmark
 *       thread, {@code publishOn(Schedulers.single(), capacity)}, reduce: a real hand-off per element.
 *   <li>{@link #rxJavaObserveOn}: {@code Flowable.range(0, N).observeOn(Schedulers.single(), false, capacity)
 *       .reduce(..).blockingGet()}, likewise.
 *   <li>{@link #submissionPublisher}: the JDK's {@code SubmissionPublisher} with a buffer of {@code capacity} on a
 *       single-thread executor (made once per trial, like Reactor's single worker); the benchmark thread submits,
 *       a {@code Flow.Subscriber} sums on the executor's thread, requesting {@code capacity} at a time (again after
 *       each {@code capacity} elements received).
 * </ul>
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run ReactivePipeline}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short ReactivePipeline}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReactivePipelineBenchmark {
    private static final int BATCH = Handoff.BATCH;
    private static final long EXPECTED = Handoff.sum(0, BATCH);

    /** The buffer between the two threads: channel capacity, prefetch, or SubmissionPublisher buffer. */
    @Param({"256"})
    int capacity;

    private ExecutorService submissionExecutor;

    /** Starts the SubmissionPublisher's executor, once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        submissionExecutor = Executors.newSingleThreadExecutor();
    }

    /** Stops what {@link #setUp()} started. */
    @TearDown(Level.Trial)
    public void tearDown() {
        submissionExecutor.close();
    }

    /**
     * zsync: range on Reactor's single worker → channel → {@code Flux.from(channel)} reduced and blocked on.
     *
     * @return the sum of the elements
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long zsync() {
        Channel<Integer> channel = Zsync.bounded(capacity);
        Flux.range(0, BATCH).subscribeOn(Schedulers.single()).subscribe(channel);
        Long sum = Flux.from(channel).reduce(0L, (acc, v) -> acc + v).block();
        return Handoff.check("zsync", sum == null ? -1 : sum, EXPECTED);
    }

    /**
     * zsync: range on Reactor's single worker → channel → for-each ({@code recv}) on the benchmark thread.
     *
     * @return the sum of the elements
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long zsyncIterate() {
        Channel<Integer> channel = Zsync.bounded(capacity);
        Flux.range(0, BATCH).subscribeOn(Schedulers.single()).subscribe(channel);
        long sum = 0;
        for (Integer v : channel) {
            sum += v;
        }
        return Handoff.check("zsyncIterate", sum, EXPECTED);
    }

    /**
     * The reference peer: Reactor {@code publishOn(Schedulers.single(), capacity)}, reduce + block.
     *
     * @return the sum of the elements
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reactorPublishOn() {
        Long sum = Flux.range(0, BATCH)
                .publishOn(Schedulers.single(), capacity)
                .reduce(0L, (acc, v) -> acc + v)
                .block();
        return Handoff.check("reactorPublishOn", sum == null ? -1 : sum, EXPECTED);
    }

    /**
     * The peer the brief's floor names: a Reactor unicast sink fed by the benchmark thread ({@code tryEmitNext}),
     * handed off through {@code publishOn(Schedulers.single(), capacity)} and reduced there. Unlike
     * {@link #reactorPublishOn}, where Reactor fuses the range into the worker's loop, every element crosses threads
     * through a queue, as with a channel.
     *
     * @return the sum of the elements
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reactorUnicastSinkPublishOn() {
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
        CompletableFuture<Long> sum = sink.asFlux()
                .publishOn(Schedulers.single(), capacity)
                .reduce(0L, (acc, v) -> acc + v)
                .toFuture();
        for (int i = 0; i < BATCH; i++) {
            sink.emitNext(i, Sinks.EmitFailureHandler.FAIL_FAST);
        }
        sink.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST);
        return Handoff.check("reactorUnicastSinkPublishOn", sum.join(), EXPECTED);
    }

    /**
     * RxJava {@code observeOn(Schedulers.single(), false, capacity)}, reduce + blockingGet.
     *
     * @return the sum of the elements
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rxJavaObserveOn() {
        long sum = Flowable.range(0, BATCH)
                .observeOn(io.reactivex.rxjava3.schedulers.Schedulers.single(), false, capacity)
                .reduce(0L, (acc, v) -> acc + v)
                .blockingGet();
        return Handoff.check("rxJavaObserveOn", sum, EXPECTED);
    }

    /**
     * JDK {@link SubmissionPublisher} with a buffer of {@code capacity}: the benchmark thread submits, a subscriber
     * sums on the publisher's executor.
     *
     * @return the sum of the elements
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long submissionPublisher() {
        Summer summer = new Summer(capacity);
        try (SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(submissionExecutor, capacity)) {
            publisher.subscribe(summer);
            for (int i = 0; i < BATCH; i++) {
                publisher.submit(i);   // waits while the subscriber's buffer is full
            }
        }   // close(): onComplete once the buffer is drained
        return Handoff.check("submissionPublisher", summer.sum.join(), EXPECTED);
    }

    /** Sums what it receives, requesting {@code batch} elements at a time; completes {@link #sum} at the end. */
    private static final class Summer implements Flow.Subscriber<Integer> {
        final CompletableFuture<Long> sum = new CompletableFuture<>();
        private final int batch;
        private Flow.Subscription subscription;
        private long total;
        private int received;

        Summer(int batch) {
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(batch);
        }

        @Override
        public void onNext(Integer item) {
            total += item;
            if (++received == batch) {
                received = 0;
                subscription.request(batch);
            }
        }

        @Override
        public void onError(Throwable error) {
            sum.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            sum.complete(total);
        }
    }
}
