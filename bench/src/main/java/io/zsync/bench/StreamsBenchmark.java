package io.zsync.bench;

import io.reactivex.rxjava3.core.Flowable;
import io.zsync.streams.AsyncIterator;
import io.zsync.streams.Streams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The streams beside their peers, in one run; the score is the time of one invocation (ms).
 *
 * <p>Iteration: {@value #RANGE} integers of {@code Flux.range(0, N)} consumed by a blocking loop on the benchmark
 * thread and summed; a wrong sum fails the run.
 * <ul>
 *   <li>{@link #iterateZsync}: {@code Streams.from(flux).iterator()} (prefetch 256), in try-with-resources.
 *   <li>{@link #iterateReactor}: the reference, {@code flux.toIterable()} (prefetch 256).
 *   <li>{@link #iterateRxJava}: {@code Flowable.range(0, N).blockingIterable()} (prefetch 128).
 * </ul>
 *
 * <p>Concurrent blocking map: {@value #CALLS} calls of a function that sleeps 1 ms, at most {@value #CONCURRENCY} at
 * a time; results summed. With 64 in flight, the floor is about {@code 10 000 / 64 * 1 ms}, some 160 ms.
 * <ul>
 *   <li>{@link #mapConcurrentUnorderedZsync}: {@code Streams.fromIterable(ints).mapConcurrentUnordered(64, fn)},
 *       each call a task on a virtual thread, iterated.
 *   <li>{@link #mapConcurrentVirtualThreads}: the reference: a virtual-thread-per-task executor, a
 *       {@code Semaphore(64)} bounding the calls in flight, futures joined in order.
 *   <li>{@link #mapConcurrentReactorBoundedElastic}: {@code Flux.range(0, N).flatMap(i -> Mono.fromCallable(fn)
 *       .subscribeOn(Schedulers.boundedElastic()), 64)}, reduced and blocked on.
 * </ul>
 *
 * <p>Run it, from the repository root: {@code bench/run Streams}; short mode: {@code bench/run --short Streams}.
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class StreamsBenchmark {
    private static final int RANGE = 1_000_000;
    private static final long RANGE_SUM = Handoff.sum(0, RANGE);
    private static final int CALLS = 10_000;
    private static final int CONCURRENCY = 64;
    private static final long CALLS_SUM = Handoff.sum(0, CALLS);
    private static final List<Integer> INTS = Flux.range(0, CALLS).collectList().block();

    private static Integer sleepOneMilli(Integer i) throws InterruptedException {
        Thread.sleep(1);
        return i;
    }

    // ---- iteration ----

    /**
     * zsync: our iterator over a Reactor range.
     *
     * @return the sum
     */
    @Benchmark
    public long iterateZsync() {
        long sum = 0;
        try (AsyncIterator<Integer> it = Streams.from(Flux.range(0, RANGE)).iterator()) {
            while (it.hasNext()) {
                sum += it.next();
            }
        }
        return Handoff.check("iterateZsync", sum, RANGE_SUM);
    }

    /**
     * The reference: Reactor's {@code toIterable()}.
     *
     * @return the sum
     */
    @Benchmark
    public long iterateReactor() {
        long sum = 0;
        for (Integer i : Flux.range(0, RANGE).toIterable()) {
            sum += i;
        }
        return Handoff.check("iterateReactor", sum, RANGE_SUM);
    }

    /**
     * RxJava's {@code blockingIterable()}.
     *
     * @return the sum
     */
    @Benchmark
    public long iterateRxJava() {
        long sum = 0;
        for (Integer i : Flowable.range(0, RANGE).blockingIterable()) {
            sum += i;
        }
        return Handoff.check("iterateRxJava", sum, RANGE_SUM);
    }

    // ---- concurrent map over blocking calls ----

    /**
     * zsync: mapConcurrentUnordered, each call a task.
     *
     * @return the sum
     */
    @Benchmark
    public long mapConcurrentUnorderedZsync() {
        long sum = 0;
        try (AsyncIterator<Integer> it = Streams.fromIterable(INTS)
                .mapConcurrentUnordered(CONCURRENCY, StreamsBenchmark::sleepOneMilli).iterator()) {
            while (it.hasNext()) {
                sum += it.next();
            }
        }
        return Handoff.check("mapConcurrentUnorderedZsync", sum, CALLS_SUM);
    }

    /**
     * The reference: a virtual-thread executor with a semaphore bounding the calls in flight.
     *
     * @return the sum
     * @throws Exception if a call fails
     */
    @Benchmark
    public long mapConcurrentVirtualThreads() throws Exception {
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<Future<Integer>> futures = new ArrayList<>(CALLS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Integer i : INTS) {
                inFlight.acquire();
                futures.add(executor.submit(() -> {
                    try {
                        return sleepOneMilli(i);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            long sum = 0;
            for (Future<Integer> f : futures) {
                sum += f.get();
            }
            return Handoff.check("mapConcurrentVirtualThreads", sum, CALLS_SUM);
        }
    }

    /**
     * Reactor: flatMap of {@code Mono.fromCallable(..).subscribeOn(boundedElastic())}, concurrency 64.
     *
     * @return the sum
     */
    @Benchmark
    public long mapConcurrentReactorBoundedElastic() {
        Long sum = Flux.fromIterable(INTS)
                .flatMap(i -> Mono.fromCallable(() -> sleepOneMilli(i)).subscribeOn(Schedulers.boundedElastic()),
                        CONCURRENCY)
                .reduce(0L, (acc, v) -> acc + v)
                .block();
        return Handoff.check("mapConcurrentReactorBoundedElastic", sum == null ? -1 : sum, CALLS_SUM);
    }
}
