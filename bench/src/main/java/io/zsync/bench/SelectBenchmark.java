package io.zsync.bench;

import io.zsync.Select;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One consumer takes from two sources at once, each fed by its own producer: elements per second. Two virtual-thread
 * producers send {@value #PER_PRODUCER} elements each; the consumer takes all of them, whichever source has one.
 *
 * <p>Contenders: {@link #zsyncSelect} (two {@code Zsync.bounded(256)} channels and a fair {@link Select} with an
 * {@code onRecv} per channel) and {@link #pollLoopArrayBlockingQueues} (the peer: two
 * {@code ArrayBlockingQueue(256)}, producers {@code put}, the consumer {@code poll}s both in turn and, when both are
 * empty, spins, yields, then parks briefly: the hand-written loop a JDK user writes, since a blocking queue cannot
 * wait on two queues at once).
 *
 * <pre>{@code bench/run --short SelectBenchmark}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SelectBenchmark {
    /** Elements each of the two producers sends per invocation. */
    static final int PER_PRODUCER = Handoff.BATCH / 2;

    private static final int CAPACITY = 256;
    private static final Integer[] ELEMENTS = Handoff.ELEMENTS;
    private static final long EXPECTED = 2 * Handoff.sum(0, PER_PRODUCER);

    /**
     * zsync: a fair select over two channels.
     *
     * @return the checksum
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(2 * PER_PRODUCER)
    public long zsyncSelect() throws InterruptedException {
        Channel<Integer> a = Zsync.bounded(CAPACITY);
        Channel<Integer> b = Zsync.bounded(CAPACITY);
        return Handoff.check("zsyncSelect", Handoff.run(Handoff.threads("virtual"), 2, index -> {
            Channel<Integer> out = index == 0 ? a : b;
            for (int i = 0; i < PER_PRODUCER; i++) {
                out.send(ELEMENTS[i]);
            }
        }, () -> {
            Select<Integer> select = Zsync.<Integer>select().onRecv(a, v -> v).onRecv(b, v -> v);
            long sum = 0;
            for (int n = 0; n < 2 * PER_PRODUCER; n++) {
                sum += select.await();
            }
            return sum;
        }), EXPECTED);
    }

    /**
     * The peer: a poll loop over two {@link ArrayBlockingQueue}s.
     *
     * @return the checksum
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(2 * PER_PRODUCER)
    public long pollLoopArrayBlockingQueues() throws InterruptedException {
        ArrayBlockingQueue<Integer> a = new ArrayBlockingQueue<>(CAPACITY);
        ArrayBlockingQueue<Integer> b = new ArrayBlockingQueue<>(CAPACITY);
        return Handoff.check("pollLoopArrayBlockingQueues", Handoff.run(Handoff.threads("virtual"), 2, index -> {
            ArrayBlockingQueue<Integer> out = index == 0 ? a : b;
            for (int i = 0; i < PER_PRODUCER; i++) {
                out.put(ELEMENTS[i]);
            }
        }, () -> {
            long sum = 0;
            boolean first = true;
            for (int n = 0; n < 2 * PER_PRODUCER; n++) {
                Integer v;
                int attempt = 0;
                while ((v = (first ? a : b).poll()) == null && (v = (first ? b : a).poll()) == null) {
                    attempt = Handoff.idle(attempt);
                }
                first = !first;   // alternate which queue is polled first, so neither starves
                sum += v;
            }
            return sum;
        }), EXPECTED);
    }
}
