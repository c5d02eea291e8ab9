package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.channel.Channel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ZsyncRuntime#tasks()}: the live tasks, by their own handles, and nothing that has finished. */
@Timeout(60)
class RuntimeTasksTest {
    @Test
    void listsLiveTasksByNameAndDropsFinishedOnes() throws Exception {
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            Channel<String> gate = Zsync.bounded(1);
            Task<String> waiting = runtime.spawn("waiting", () -> gate.recv());
            Task<Integer> done = runtime.spawn("done", () -> 1);
            done.await();
            awaitAbsent(runtime, done);   // leaves the registry right after its outcome is published
            List<Task<?>> tasks = awaitContains(runtime, waiting);
            Set<String> names = tasks.stream().map(Task::name).collect(Collectors.toSet());
            assertTrue(names.contains("waiting"), names.toString());
            assertTrue(!names.contains("done"), "a finished task is not live: " + names);
            assertEquals(TaskState.PENDING, waiting.state());
            assertThrows(UnsupportedOperationException.class, () -> tasks.add(done), "read-only");
            gate.send("go");
            assertEquals("go", waiting.await());
            awaitAbsent(runtime, waiting);
        }
    }

    @Test
    void aHandleFromTheSnapshotCancelsItsTask() throws Exception {
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            CountDownLatch started = new CountDownLatch(1);
            Task<Void> sleeper = runtime.spawn("sleeper", () -> {
                started.countDown();
                Zsync.sleep(60_000);
            });
            started.await();
            Task<?> found = awaitContains(runtime, sleeper).stream()
                    .filter(t -> t.name().equals("sleeper")).findFirst().orElseThrow();
            found.cancel();
            assertEquals(TaskState.CANCELLED, sleeper.join().state());
        }
    }

    @Test
    void countsEveryLiveTaskAcrossRegistryChunks() throws Exception {
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            Channel<String> gate = Zsync.unbounded();
            List<Task<String>> live = new ArrayList<>();
            for (int i = 0; i < 300; i++) {   // several chunks of the registry (64 slots each)
                live.add(runtime.spawn("t" + i, () -> gate.recv()));
                runtime.spawn(() -> 0).await();   // finished ones in between leave holes
            }
            Set<Task<?>> seen = new HashSet<>(runtime.tasks());
            assertTrue(seen.containsAll(live), "every live task is listed");
            for (int i = 0; i < 300; i++) {
                gate.send("x");
            }
            Zsync.joinAll(live.toArray(Task<?>[]::new));
            for (Task<String> t : live) {
                awaitAbsent(runtime, t);   // finished tasks leave; the @Timeout guards a leak
            }
        }
    }

    private static List<Task<?>> awaitContains(ZsyncRuntime runtime, Task<?> task) throws InterruptedException {
        for (;;) {   // a spawned task is published by its spawner a few instructions after spawn returns
            List<Task<?>> tasks = runtime.tasks();
            if (tasks.contains(task)) {
                return tasks;
            }
            Thread.sleep(1);
        }
    }

    private static void awaitAbsent(ZsyncRuntime runtime, Task<?> task) throws InterruptedException {
        while (runtime.tasks().contains(task)) {   // a completion leaves the registry after waking its awaiters
            Thread.sleep(1);
        }
    }
}
