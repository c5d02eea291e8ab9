package io.zsync.bench;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscArrayQueue;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Multi-producer single-consumer hand-off of {@value Handoff#BATCH} elements: {@link #producers} virtual threads
 * (4 by default) send into one bounded queue of {@link #capacity} (1024 by default), one virtual thread receives. The
 * score is in elements per second.
 *
 * <p>Each invocation makes a new queue, starts the producers (producer {@code p} sends its contiguous share of the
 * distinct pre-boxed {@code Integer}s 0 .. {@value Handoff#BATCH} − 1) and the consumer (receives them all and
 * returns their sum), and waits for all; a wrong sum fails the run.
 *
 * <p>Contenders, one method each: {@link #zsync} ({@code Zsync.bounded(capacity)}, {@code send}/{@code recv}),
 * {@link #arrayBlockingQueue} (the reference peer; {@code put}/{@code take}) and {@link #jctoolsMpsc} (JCTools
 * {@code MpscArrayQueue}, {@code offer}/{@code poll}, waiting with {@link Handoff#idle(int)}: 64 spins, 8 yields,
 * then 1 µs parks).
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run MpscChannel}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short MpscChannel}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class MpscChannelBenchmark {
    private static final int BATCH = Handoff.BATCH;
    private static final Integer[] ELEMENTS = Handoff.ELEMENTS;
    private static final long EXPECTED = Handoff.sum(0, BATCH);

    /** The bound of every contender. */
    @Param({"1024"})
    int capacity;

    /** Producer threads; each sends {@code BATCH / producers} elements (the last one the rest). */
    @Param({"4"})
    int producers;

    private Thread.Builder builder;

    /** Picks the thread builder (virtual threads), once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        if (producers < 1) {
            throw new IllegalArgumentException("producers must be >= 1, not " + producers);
        }
        builder = Handoff.threads("virtual");
    }

    /** The first element producer {@code p} sends. */
    private int from(int p) {
        return (int) ((long) BATCH * p / producers);
    }

    /**
     * zsync: {@code Zsync.bounded(capacity)}, {@code send} / {@code recv}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long zsync() throws InterruptedException {
        Channel<Integer> channel = Zsync.bounded(capacity);
        long sum = Handoff.run(builder, producers, p -> {
            for (int i = from(p), end = from(p + 1); i < end; i++) {
                channel.send(ELEMENTS[i]);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < BATCH; i++) {
                s += channel.recv();
            }
            return s;
        });
        return Handoff.check("zsync", sum, EXPECTED);
    }

    /**
     * The reference peer: {@link ArrayBlockingQueue} of {@code capacity}, {@code put} / {@code take}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long arrayBlockingQueue() throws InterruptedException {
        ArrayBlockingQueue<Integer> queue = new ArrayBlockingQueue<>(capacity);
        long sum = Handoff.run(builder, producers, p -> {
            for (int i = from(p), end = from(p + 1); i < end; i++) {
                queue.put(ELEMENTS[i]);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < BATCH; i++) {
                s += queue.take();
            }
            return s;
        });
        return Handoff.check("arrayBlockingQueue", sum, EXPECTED);
    }

    /**
     * JCTools {@link MpscArrayQueue} of {@code capacity}, {@code offer} / {@code poll} with {@link Handoff#idle}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jctoolsMpsc() throws InterruptedException {
        MpscArrayQueue<Integer> queue = new MpscArrayQueue<>(capacity);
        long sum = Handoff.run(builder, producers, p -> {
            for (int i = from(p), end = from(p + 1); i < end; i++) {
                Integer e = ELEMENTS[i];
                for (int attempt = 0; !queue.offer(e); ) {
                    attempt = Handoff.idle(attempt);
                }
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < BATCH; i++) {
                Integer e;
                for (int attempt = 0; (e = queue.poll()) == null; ) {
                    attempt = Handoff.idle(attempt);
                }
                s += e;
            }
            return s;
        });
        return Handoff.check("jctoolsMpsc", sum, EXPECTED);
    }
}
