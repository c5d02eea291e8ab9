package io.zsync.bench;

import io.zsync.Task;
import io.zsync.ZsyncRuntime;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The spawn + await loops that {@link SpawnAwaitBenchmark}, {@link SpawnAwaitPaired} and {@link SpawnAwaitAB}
 * measure for zsync and for the reference executor, in one place. Uses zsync's public API only:
 * {@link SpawnAwaitAB} loads this class once per zsync build.
 */
final class SpawnAwait {
    /** Tasks spawned and awaited per batch. */
    static final int TASKS = 10_000;

    private SpawnAwait() {
    }

    /** The task body: a small int, boxed from the {@link Integer} cache so that no contender allocates for it. */
    static int body(int i) {
        return i & 0x7f;
    }

    /** Spawns {@code tasks} trivial tasks on {@code runtime}, then awaits them in order; returns their sum. */
    static long zsync(ZsyncRuntime runtime, int tasks) {
        @SuppressWarnings("unchecked")
        Task<Integer>[] handles = (Task<Integer>[]) new Task<?>[tasks];
        for (int i = 0; i < tasks; i++) {
            int n = i;
            handles[i] = runtime.spawn(() -> body(n));
        }
        long sum = 0;
        for (Task<Integer> t : handles) {
            sum += t.await();
        }
        return sum;
    }

    /** The same with {@code executor}: {@link ExecutorService#submit} + {@link Future#get()}. */
    static long executor(ExecutorService executor, int tasks) throws InterruptedException, ExecutionException {
        @SuppressWarnings("unchecked")
        Future<Integer>[] futures = (Future<Integer>[]) new Future<?>[tasks];
        for (int i = 0; i < tasks; i++) {
            int n = i;
            futures[i] = executor.submit(() -> body(n));
        }
        long sum = 0;
        for (Future<Integer> f : futures) {
            sum += f.get();
        }
        return sum;
    }
}
