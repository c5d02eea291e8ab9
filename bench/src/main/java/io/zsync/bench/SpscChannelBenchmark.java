package io.zsync.bench;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;
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
 * Single-producer single-consumer hand-off of {@value Handoff#BATCH} elements, a zsync bounded channel beside the
 * JDK's and JCTools' queues. The score is in elements per second.
 *
 * <p>Each invocation starts two threads of the kind {@link #threads} names (virtual or platform), a producer that
 * sends the distinct pre-boxed {@code Integer}s 0 .. {@value Handoff#BATCH} − 1 in order and a consumer that receives
 * them and returns their sum, and waits for both; a wrong sum fails the run. Each invocation makes a new queue of
 * {@link #capacity} (its allocation and the two thread starts are counted: tens of µs against milliseconds).
 *
 * <p>Contenders, one method each: {@link #zsync} ({@code Zsync.bounded(capacity)}, {@code send}/{@code recv}),
 * {@link #arrayBlockingQueue} (the reference peer; {@code put}/{@code take}), {@link #linkedTransferQueue}
 * ({@code put}/{@code take}; <em>unbounded</em>: {@code capacity} does not apply, the producer is never held back),
 * {@link #jctoolsSpsc} and {@link #jctoolsMpsc} (JCTools {@code SpscArrayQueue}/{@code MpscArrayQueue},
 * {@code offer}/{@code poll}, waiting with {@link Handoff#idle(int)}: 64 spins, 8 yields, then 1 µs parks).
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run SpscChannel}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short SpscChannel}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpscChannelBenchmark {
    private static final int BATCH = Handoff.BATCH;
    private static final Integer[] ELEMENTS = Handoff.ELEMENTS;
    private static final long EXPECTED = Handoff.sum(0, BATCH);

    /** The bound of every bounded contender. */
    @Param({"256", "1024"})
    int capacity;

    /** The kind of the producer and consumer threads: {@code virtual} or {@code platform}. */
    @Param({"virtual", "platform"})
    String threads;

    private Thread.Builder builder;

    /** Picks the thread builder, once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        builder = Handoff.threads(threads);
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
        long sum = Handoff.run(builder, 1, p -> {
            for (int i = 0; i < BATCH; i++) {
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
        long sum = Handoff.run(builder, 1, p -> {
            for (int i = 0; i < BATCH; i++) {
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
     * {@link LinkedTransferQueue}, {@code put} / {@code take}. Unbounded: {@code capacity} does not apply, and the
     * producer never waits (it may run ahead by the whole batch), so it is not a like-for-like peer of the bounded
     * contenders.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long linkedTransferQueue() throws InterruptedException {
        LinkedTransferQueue<Integer> queue = new LinkedTransferQueue<>();
        long sum = Handoff.run(builder, 1, p -> {
            for (int i = 0; i < BATCH; i++) {
                queue.put(ELEMENTS[i]);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < BATCH; i++) {
                s += queue.take();
            }
            return s;
        });
        return Handoff.check("linkedTransferQueue", sum, EXPECTED);
    }

    /**
     * JCTools {@link SpscArrayQueue} of {@code capacity}, {@code offer} / {@code poll} with {@link Handoff#idle}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jctoolsSpsc() throws InterruptedException {
        return Handoff.check("jctoolsSpsc", polling(new SpscArrayQueue<>(capacity)), EXPECTED);
    }

    /**
     * JCTools {@link MpscArrayQueue} of {@code capacity} (one producer), {@code offer} / {@code poll} with
     * {@link Handoff#idle}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long jctoolsMpsc() throws InterruptedException {
        return Handoff.check("jctoolsMpsc", polling(new MpscArrayQueue<>(capacity)), EXPECTED);
    }

    private long polling(Queue<Integer> queue) throws InterruptedException {
        return Handoff.run(builder, 1, p -> {
            for (int i = 0; i < BATCH; i++) {
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
    }
}
