package io.zsync.bench;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
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
 * Ping-pong between two threads through two queues of one element: the score is the average time of one round trip
 * (ping sends {@code i} on the first queue, pong receives it and sends {@code i + 1} back on the second, ping receives
 * that), in nanoseconds. Every round trip is two hand-offs that each wake a waiting thread: this measures the
 * latency of waking a receiver, where the throughput benchmarks mostly measure batches moving through a buffer.
 *
 * <p>Each invocation makes the two queues, starts the two threads, of the kind {@link #threads} names (virtual by
 * default), runs {@value #ROUND_TRIPS} round trips and waits for both; ping returns the sum of the replies, and a
 * wrong sum fails the run.
 *
 * <p>Contenders, one method each: {@link #zsync} (two {@code Zsync.bounded(1)}, {@code send}/{@code recv}),
 * {@link #zsyncRendezvous} (two {@code Zsync.rendezvous()}: the like-for-like peer of the SynchronousQueue),
 * {@link #synchronousQueue} (the reference peer; two {@link SynchronousQueue}s, {@code put}/{@code take}: a true
 * rendezvous, {@code put} waits for the taker, where the others return as soon as the element is buffered) and
 * {@link #arrayBlockingQueue} (two {@code ArrayBlockingQueue(1)}, {@code put}/{@code take}).
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run PingPong}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short PingPong}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class PingPongBenchmark {
    /** Round trips per invocation. */
    static final int ROUND_TRIPS = 10_000;

    private static final Integer[] ELEMENTS = Handoff.ELEMENTS;
    private static final long EXPECTED = Handoff.sum(1, ROUND_TRIPS + 1);

    /** The kind of the two threads: {@code virtual} (the default) or {@code platform}. */
    @Param({"virtual"})
    String threads;

    private Thread.Builder builder;

    /** Picks the thread builder, once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        builder = Handoff.threads(threads);
    }

    /**
     * zsync: two {@code Zsync.bounded(1)} channels, {@code send} / {@code recv}.
     *
     * @return the sum of the replies
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long zsync() throws InterruptedException {
        return Handoff.check("zsync", zsyncPingPong(Zsync.bounded(1), Zsync.bounded(1)), EXPECTED);
    }

    private long zsyncPingPong(Channel<Integer> ping, Channel<Integer> pong) throws InterruptedException {
        return Handoff.run(builder, 1, p -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.send(ELEMENTS[ping.recv() + 1]);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.send(ELEMENTS[i]);
                s += pong.recv();
            }
            return s;
        });
    }

    /**
     * zsync's rendezvous: two {@code Zsync.rendezvous()} channels, {@code send} / {@code recv}; like
     * {@link SynchronousQueue}, {@code send} returns once the receiver took the element. The like-for-like peer of
     * {@link #synchronousQueue} (floor: at most 1.2 times its round-trip time, same run).
     *
     * @return the sum of the replies
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long zsyncRendezvous() throws InterruptedException {
        return Handoff.check("zsyncRendezvous", zsyncPingPong(Zsync.rendezvous(), Zsync.rendezvous()), EXPECTED);
    }

    /**
     * The reference peer: two {@link SynchronousQueue}s, {@code put} / {@code take}.
     *
     * @return the sum of the replies
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long synchronousQueue() throws InterruptedException {
        return Handoff.check("synchronousQueue", pingPong(new SynchronousQueue<>(), new SynchronousQueue<>()),
                EXPECTED);
    }

    /**
     * Two {@code ArrayBlockingQueue(1)}, {@code put} / {@code take}.
     *
     * @return the sum of the replies
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long arrayBlockingQueue() throws InterruptedException {
        return Handoff.check("arrayBlockingQueue",
                pingPong(new ArrayBlockingQueue<>(1), new ArrayBlockingQueue<>(1)), EXPECTED);
    }

    private long pingPong(BlockingQueue<Integer> ping, BlockingQueue<Integer> pong) throws InterruptedException {
        return Handoff.run(builder, 1, p -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.put(ELEMENTS[ping.take() + 1]);
            }
        }, () -> {
            long s = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.put(ELEMENTS[i]);
                s += pong.take();
            }
            return s;
        });
    }
}
