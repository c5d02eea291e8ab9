package io.zsync.bench;

import io.zsync.Config;
import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Waiting for all of {@value #TASKS} trivial tasks and collecting their results in order: tasks per second, spawn
 * included.
 *
 * <p>Contenders: {@link #zsyncAwaitAll} ({@code Zsync.awaitAll} over tasks spawned on a virtual-thread runtime), and
 * the peers {@link #completableFutureAllOfVirtualThreads} ({@code supplyAsync} on a virtual-thread-per-task executor,
 * then {@code allOf(..).join()}: the same threads, so the difference is the combinator) and {@link
 * #completableFutureAllOfCommonPool} ({@code supplyAsync} on the common pool: no thread per task at all).
 *
 * <pre>{@code bench/run --short AwaitAllBenchmark}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class AwaitAllBenchmark {
    /** Tasks per invocation. */
    static final int TASKS = 1_000;

    private ZsyncRuntime runtime;
    private ExecutorService virtualThreads;

    /** Opens the runtime and the executor, once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        runtime = ZsyncRuntime.create(Config.optimal());
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    }

    /** Closes what {@link #setUp()} opened. */
    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
        virtualThreads.close();
    }

    private static int body(int i) {
        return i & 0x7f;
    }

    /**
     * zsync: spawn, then {@code Zsync.awaitAll}.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long zsyncAwaitAll() {
        List<Task<Integer>> tasks = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            tasks.add(runtime.spawn(() -> body(n)));
        }
        long sum = 0;
        for (int v : Zsync.awaitAll(tasks)) {
            sum += v;
        }
        return sum;
    }

    /**
     * The peer on the same threads: {@code CompletableFuture.supplyAsync} on a virtual-thread-per-task executor, then
     * {@code allOf}.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long completableFutureAllOfVirtualThreads() {
        return allOf(virtualThreads);
    }

    /**
     * The peer with no thread per task: {@code CompletableFuture.supplyAsync} on the common pool, then {@code allOf}.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long completableFutureAllOfCommonPool() {
        return allOf(null);
    }

    private static long allOf(ExecutorService executor) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] futures = (CompletableFuture<Integer>[]) new CompletableFuture<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            futures[i] = executor == null
                    ? CompletableFuture.supplyAsync(() -> body(n))
                    : CompletableFuture.supplyAsync(() -> body(n), executor);
        }
        CompletableFuture.allOf(futures).join();
        long sum = 0;
        for (CompletableFuture<Integer> f : futures) {
            sum += f.join();
        }
        return sum;
    }
}
