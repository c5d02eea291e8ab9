package io.zsync.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.Task;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.RacingSpawners;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry of live tasks under many spawning threads, tasks finishing at random and close arriving mid-spawn: it
 * counts every task (none lost at close: each accepted task is done once close returns, none left behind) and checks
 * that finished tasks do not pile up in it. Length scales with {@code -Dzsync.stress.multiplier}.
 */
@Tag("stress")
@Timeout(120)
class TaskRegistryStressTest {
    private static final int MULTIPLIER = Integer.getInteger("zsync.stress.multiplier", 1);
    private static final int ROUNDS = 40 * MULTIPLIER;
    private static final int SPAWNERS = 3;

    /** Blocks until interrupted (cancelled), on a latch of its own: thousands of waiters on one would queue up. */
    private static void blockUntilCancelled() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    @Test
    void closeFindsEveryAcceptedTaskWhileSpawnsRace() throws Exception {
        long accepted = 0;
        long rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().executionModel(ExecutionModel.VIRTUAL_THREADS)
                    .build());
            RacingSpawners spawners = new RacingSpawners(SPAWNERS, i -> {
                boolean blocks = ThreadLocalRandom.current().nextInt(4) == 0;
                return rt.spawn(() -> {
                    if (blocks) {
                        blockUntilCancelled();   // until close cancels it
                    }
                    return 1;
                });
            });
            List<Task<?>> beforeClose;
            try {
                spawners.awaitSpawned(ThreadLocalRandom.current().nextInt(50, 2_000));   // close mid-spawn
                beforeClose = spawners.spawned();
            } finally {
                rt.close();   // on a failed wait too: the spawners then end, refused
            }
            // at once, while the spawners still run: a task close skipped must be done already, not a moment later
            long pending = beforeClose.stream().filter(t -> !t.isDone()).count();
            assertEquals(0, pending, "tasks spawned before close began but not done when it returned");
            spawners.join();
            assertEquals(SPAWNERS, spawners.refused(), "every spawner ends refused by the closed runtime");
            List<Task<?>> spawned = spawners.spawned();
            long notDone = spawned.stream().filter(t -> !t.isDone()).count();
            assertEquals(0, notDone, "tasks accepted before close but not finished by it (lost from the registry)");
            accepted += spawned.size();
            rejected += spawners.refused();
        }
        assertTrue(accepted > ROUNDS, "the spawners spawned: " + accepted + ", " + rejected + " refusals");
    }

    @Test
    void finishedTasksDoNotPileUp() {
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().executionModel(ExecutionModel.VIRTUAL_THREADS)
                .build())) {
            TaskRegistry registry = ((TaskImpl<?>) rt.spawn(() -> 0)).core().registry;
            List<Task<?>> longLived = new ArrayList<>();
            int maxChunks = 0;
            for (int i = 0; i < 200_000 * MULTIPLIER; i++) {
                Task<?> t = rt.spawn(i % 997 == 0 ? () -> { blockUntilCancelled(); return 0; } : () -> 1);
                if (i % 997 == 0) {
                    longLived.add(t);
                } else if (i % 64 == 0) {
                    t.await();   // pace the spawns
                }
                if (i % 4096 == 0) {
                    maxChunks = Math.max(maxChunks, registry.chunks());
                }
            }
            int live = registry.snapshot().size();
            assertTrue(live >= longLived.size(), live + " live");
            // a chunk stays while one of its tasks lives: one per long-lived task, plus those of tasks in flight;
            // far below the 200 000 / 64 chunks that spawning alone makes
            assertTrue(maxChunks < longLived.size() + 64, "at most " + maxChunks + " chunks with " + live + " live");
        }
    }
}
