package io.zsync.bench;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-producer single-consumer hand-off of {@value Handoff#BATCH} elements through an unbounded queue: the
 * producer never waits, so it may run ahead by the whole batch, and what is measured includes growing the queue
 * (node or array allocation) and the garbage it leaves. The score is in elements per second.
 *
 * <p>Each invocation makes a new queue, starts two threads of the kind {@link #threads} names, a producer that sends
 * the distinct pre-boxed {@code Integer}s 0 .. {@value Handoff#BATCH} − 1 and a consumer that receives them and
 * returns their sum, and waits for both; a wrong sum fails the run.
 *
 * <p>Contenders, one method each: {@link #zsync} ({@code Zsync.unbounded()}, {@code send}/{@code recv}),
 * {@link #linkedBlockingQueue} (the reference peer; unbounded, {@code put}/{@code take}) and
 * {@link #concurrentLinkedQueue} ({@code offer}; the consumer polls, waiting with {@link Handoff#idle(int)}: 64 spins,
 * 8 yields, then 1 µs parks).
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run UnboundedChannel}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short UnboundedChannel}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class UnboundedChannelBenchmark {
    private static final int BATCH = Handoff.BATCH;
    private static final Integer[] ELEMENTS = Handoff.ELEMENTS;
    private static final long EXPECTED = Handoff.sum(0, BATCH);

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
     * zsync: {@code Zsync.unbounded()}, {@code send} / {@code recv}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long zsync() throws InterruptedException {
        Channel<Integer> channel = Zsync.unbounded();
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
     * The reference peer: an unbounded {@link LinkedBlockingQueue}, {@code put} / {@code take}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long linkedBlockingQueue() throws InterruptedException {
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
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
        return Handoff.check("linkedBlockingQueue", sum, EXPECTED);
    }

    /**
     * {@link ConcurrentLinkedQueue}: {@code offer}; the consumer polls with {@link Handoff#idle}.
     *
     * @return the sum of the elements received
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long concurrentLinkedQueue() throws InterruptedException {
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        long sum = Handoff.run(builder, 1, p -> {
            for (int i = 0; i < BATCH; i++) {
                queue.offer(ELEMENTS[i]);
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
        return Handoff.check("concurrentLinkedQueue", sum, EXPECTED);
    }
}
