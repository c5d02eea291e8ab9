package io.zsync.bench;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.Task;
import io.zsync.ZsyncRuntime;
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

/** Placeholder; replaced by the full side-by-side benchmark. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SpawnAwaitBenchmark {
    static final int TASKS = 10_000;
    ZsyncRuntime virtualThreads;

    @Setup(Level.Trial)
    public void setUp() {
        virtualThreads = ZsyncRuntime.create(Config.builder().executionModel(ExecutionModel.VIRTUAL_THREADS).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        virtualThreads.close();
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long zsyncVirtual() {
        @SuppressWarnings("unchecked")
        Task<Integer>[] tasks = new Task[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            tasks[i] = virtualThreads.spawn(() -> n);
        }
        long sum = 0;
        for (Task<Integer> t : tasks) {
            sum += t.await();
        }
        return sum;
    }
}
