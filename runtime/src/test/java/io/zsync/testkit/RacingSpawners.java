package io.zsync.testkit;

import io.zsync.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Platform threads that spawn tasks as fast as they can, from a common start, until spawning is refused (whatever
 * they spawn on has closed): for stress tests that close a runtime or an executor while spawns race it.
 */
public final class RacingSpawners {
    private final ConcurrentLinkedQueue<Task<?>> spawned = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Starts {@code count} threads, each calling {@code spawn} with 0, 1, 2, … and keeping the handles, until it
     * throws {@link RejectedExecutionException}.
     */
    public RacingSpawners(int count, IntFunction<Task<?>> spawn) {
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < count; s++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; ; i++) {
                        spawned.add(spawn.apply(i));
                    }
                } catch (RejectedExecutionException closed) {
                    refused.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
    }

    /** Waits until at least {@code n} tasks are spawned. */
    public void awaitSpawned(int n) {
        Waits.until(() -> spawned.size() >= n, n + " tasks to be spawned");
    }

    /** The tasks spawned so far. */
    public List<Task<?>> spawned() {
        return List.copyOf(spawned);
    }

    /** Waits for every thread to end (each ends refused, once the target has closed). */
    public void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** How many threads have ended refused. */
    public int refused() {
        return refused.get();
    }
}
