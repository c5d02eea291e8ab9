package io.zsync.bench;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.ZsyncRuntime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spawn + await of {@value #TASKS} trivial tasks (each returns a small {@code int}; the results are summed into the
 * return value), zsync beside its peers. The score is in tasks per second: every invocation spawns all the tasks
 * first, then awaits them in order.
 *
 * <p>Contenders, one method each: zsync under each {@link ExecutionModel} ({@link #zsyncVirtualThreads},
 * {@link #zsyncWorkStealing}, {@link #zsyncBlocking}: there a task runs on the thread that awaits it, so this is
 * zsync's bookkeeping alone, no thread hand-off); the JDK's {@link #virtualThreadPerTaskExecutor} (the reference
 * peer), {@link #bareVirtualThreads} and {@link #completableFutureCommonPool}; and Reactor's
 * {@link #reactorSubscribeOnParallel}.
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run SpawnAwait}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short SpawnAwait}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpawnAwaitBenchmark {
    /** Tasks spawned and awaited per invocation. */
    static final int TASKS = SpawnAwait.TASKS;

    private ZsyncRuntime virtualThreads;
    private ZsyncRuntime workStealing;
    private ZsyncRuntime blocking;
    private ExecutorService virtualThreadPerTask;

    /** Opens the runtimes and the executor, once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        virtualThreads = runtime(ExecutionModel.VIRTUAL_THREADS);
        workStealing = runtime(ExecutionModel.WORK_STEALING);
        blocking = runtime(ExecutionModel.BLOCKING);
        virtualThreadPerTask = Executors.newVirtualThreadPerTaskExecutor();
    }

    /** Closes what {@link #setUp()} opened. */
    @TearDown(Level.Trial)
    public void tearDown() {
        virtualThreads.close();
        workStealing.close();
        blocking.close();
        virtualThreadPerTask.close();
    }

    private static ZsyncRuntime runtime(ExecutionModel model) {
        return ZsyncRuntime.create(Config.builder().executionModel(model).build());
    }

    /** The task body: see {@link SpawnAwait#body(int)}. */
    private static int body(int i) {
        return SpawnAwait.body(i);
    }

    /**
     * zsync, {@link ExecutionModel#VIRTUAL_THREADS}: one virtual thread per task.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long zsyncVirtualThreads() {
        return spawnAndAwait(virtualThreads);
    }

    /**
     * zsync, {@link ExecutionModel#WORK_STEALING}: a pool of as many workers as CPUs.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long zsyncWorkStealing() {
        return spawnAndAwait(workStealing);
    }

    /**
     * zsync, {@link ExecutionModel#BLOCKING}: each task runs on this thread when awaited.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long zsyncBlocking() {
        return spawnAndAwait(blocking);
    }

    private static long spawnAndAwait(ZsyncRuntime runtime) {
        return SpawnAwait.zsync(runtime, TASKS);
    }

    /**
     * The reference peer: {@link Executors#newVirtualThreadPerTaskExecutor()}, submit + {@link Future#get()}.
     *
     * @return the sum of the results
     * @throws InterruptedException never, unless the run is interrupted
     * @throws ExecutionException never: the bodies do not throw
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long virtualThreadPerTaskExecutor() throws InterruptedException, ExecutionException {
        return SpawnAwait.executor(virtualThreadPerTask, TASKS);
    }

    /**
     * {@code Thread.ofVirtual().start(r)} + {@link Thread#join()}; each thread stores its result in an array.
     *
     * @return the sum of the results
     * @throws InterruptedException never, unless the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long bareVirtualThreads() throws InterruptedException {
        int[] results = new int[TASKS];
        Thread[] threads = new Thread[TASKS];
        Thread.Builder builder = Thread.ofVirtual();
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            threads[i] = builder.start(() -> results[n] = body(n));
        }
        long sum = 0;
        for (int i = 0; i < TASKS; i++) {
            threads[i].join();   // happens-before: the thread's write to results[i] is visible after join
            sum += results[i];
        }
        return sum;
    }

    /**
     * {@link CompletableFuture#supplyAsync} on the common pool + {@link CompletableFuture#join()}.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long completableFutureCommonPool() {
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[] futures = (CompletableFuture<Integer>[]) new CompletableFuture<?>[TASKS];
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            futures[i] = CompletableFuture.supplyAsync(() -> body(n));
        }
        long sum = 0;
        for (CompletableFuture<Integer> f : futures) {
            sum += f.join();
        }
        return sum;
    }

    /**
     * Reactor: {@code Mono.fromCallable(..).subscribeOn(Schedulers.parallel())} per task, merged with
     * {@code flatMap}, reduced to the sum and blocked on. Reactor's idiomatic form keeps {@code flatMap}'s default
     * concurrency (256 tasks in flight): asked for all {@value #TASKS} at once, {@code flatMap}'s bookkeeping of its
     * inner subscribers dominates and the score drops tenfold or more, which would measure that, not spawning.
     *
     * @return the sum of the results
     */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long reactorSubscribeOnParallel() {
        Long sum = Flux.range(0, TASKS)
                .flatMap(i -> Mono.fromCallable(() -> body(i)).subscribeOn(Schedulers.parallel()))
                .reduce(0L, (acc, v) -> acc + v)
                .block();
        return sum == null ? -1 : sum;
    }
}
