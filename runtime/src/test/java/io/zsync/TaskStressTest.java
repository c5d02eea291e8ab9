package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.testkit.RacingSpawners;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Many tasks racing cancellation, awaiters and subscribers: every task ends exactly once, every observer sees the
 * same outcome, nothing is left running; an executor closed while its tasks finish leaves every one done. Length
 * scales with {@code -Dzsync.stress.multiplier}.
 */
@Tag("stress")
@Timeout(120)
class TaskStressTest {
    private static final int ROUNDS = 2_000 * Integer.getInteger("zsync.stress.multiplier", 1);

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void everyObserverSeesTheOneOutcomeUnderRandomCancellation(ExecutionModel model) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        AtomicLong bodiesFinished = new AtomicLong();
        int succeeded = 0;
        int cancelled = 0;
        try (ZsyncRuntime rt = ZsyncRuntime.create(RecordingHandler.config(model, handler))) {
            for (int round = 0; round < ROUNDS; round++) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int spin = random.nextInt(200);
                int cancelSpin = random.nextInt(200);
                int value = round;
                CountDownLatch go = new CountDownLatch(1);
                Task<Integer> t = rt.spawn(() -> {
                    go.await();
                    for (int i = 0; i < spin; i++) {
                        Thread.onSpinWait();
                    }
                    bodiesFinished.incrementAndGet();
                    return value;
                });
                SignalCounter subscriber = new SignalCounter();
                t.subscribe(subscriber);
                AtomicInteger cancelWins = new AtomicInteger();
                Task<Void> canceller = rt.spawn(() -> {
                    go.await();
                    for (int i = 0; i < cancelSpin; i++) {
                        Thread.onSpinWait();
                    }
                    if (ThreadLocalRandom.current().nextBoolean() && t.cancel()) {
                        cancelWins.incrementAndGet();
                    }
                    if (t.cancel()) {
                        cancelWins.incrementAndGet();   // at most one cancel can win
                    }
                    return null;
                });
                Task<Outcome<Integer>> joiner = rt.spawn(() -> {
                    go.await();
                    return t.join();
                });
                go.countDown();
                canceller.await();
                Outcome<Integer> seenByJoin = joiner.await();
                Outcome<Integer> seenByPoll = t.poll();
                assertEquals(seenByJoin, seenByPoll);
                assertTrue(cancelWins.get() <= 1, "two cancels won");
                subscriber.awaitTerminal();
                if (seenByJoin instanceof Outcome.Success<Integer> s) {
                    succeeded++;
                    assertEquals(value, s.value());
                    assertEquals(0, cancelWins.get(), "a cancel won but the task succeeded");
                    assertEquals("1 next, 1 complete, 0 error", subscriber.summary());
                } else {
                    cancelled++;
                    assertEquals(new Outcome.Cancelled<Integer>(null), seenByJoin);
                    assertEquals(1, cancelWins.get(), "cancelled but no cancel won");
                    assertEquals("0 next, 0 complete, 1 error", subscriber.summary());
                }
            }
        }
        assertEquals(ROUNDS, succeeded + cancelled);
        assertTrue(succeeded > 0 && cancelled > 0, "both outcomes occurred: " + succeeded + "/" + cancelled);
        assertEquals(List.of(), handler.failures);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void cancellingParentsWhileTheySpawnLeavesNoChildRunning(ExecutionModel model) throws Exception {
        List<Task<?>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ZsyncRuntime rt = ZsyncRuntime.create(RecordingHandler.config(model, new RecordingHandler()))) {
            for (int round = 0; round < ROUNDS / 20; round++) {
                CountDownLatch spawning = new CountDownLatch(1);
                Task<Void> parent = rt.spawn(() -> {
                    spawning.countDown();
                    for (int i = 0; i < 50; i++) {
                        all.add(Zsync.spawn(() -> {
                            Zsync.sleep(60_000);
                            return null;
                        }));
                    }
                    Zsync.sleep(60_000);
                    return null;
                });
                spawning.await();
                parent.cancel();
                parent.join();
            }
            List<Task<?>> stillRunning = new ArrayList<>();
            for (Task<?> child : all) {
                child.join();   // each was cancelled with its parent, whenever it was spawned
                if (child.state() != TaskState.CANCELLED) {
                    stillRunning.add(child);
                }
            }
            assertEquals(List.of(), stillRunning);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void closingAnExecutorWhileItsTasksFinishLeavesEveryTaskDone(ExecutionModel model) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        long accepted = 0;
        try (ZsyncRuntime rt = ZsyncRuntime.create(RecordingHandler.config(model, handler))) {
            for (int round = 0; round < ROUNDS / 50; round++) {
                TaskExecutor executor = rt.newExecutor();
                RacingSpawners spawners = new RacingSpawners(2, i -> executor.spawn(() -> {
                    if (i % 8 == 0) {   // most finish at once, racing close
                        new CountDownLatch(1).await();   // until close cancels it
                    }
                    return 1;
                }));
                spawners.awaitSpawned(ThreadLocalRandom.current().nextInt(20, 500));
                List<Task<?>> beforeClose = spawners.spawned();
                executor.close();
                // at once, while the spawners still run
                assertTrue(executor.isTerminated(), "isTerminated() once close() has returned");
                assertEquals(0, beforeClose.stream().filter(t -> !t.isDone()).count(),
                        "tasks spawned before close() began but not done when it returned");
                spawners.join();
                assertEquals(2, spawners.refused(), "both spawners end refused by the closed executor");
                List<Task<?>> spawned = spawners.spawned();
                assertEquals(0, spawned.stream().filter(t -> !t.isDone()).count(), "accepted tasks left pending");
                assertTrue(executor.isTerminated(), "isTerminated() stays true");
                assertTrue(executor.awaitTermination(0, TimeUnit.SECONDS));
                accepted += spawned.size();
            }
        }
        assertTrue(accepted > 0, "tasks were spawned");
        assertEquals(List.of(), handler.failures);
    }

    /** Counts signals; requests everything at once. */
    static final class SignalCounter implements Subscriber<Integer> {
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger complete = new AtomicInteger();
        final AtomicInteger error = new AtomicInteger();
        final CountDownLatch terminal = new CountDownLatch(1);

        @Override
        public void onSubscribe(Subscription s) {
            s.request(1);
        }

        @Override
        public void onNext(Integer integer) {
            next.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            error.incrementAndGet();
            terminal.countDown();
        }

        @Override
        public void onComplete() {
            complete.incrementAndGet();
            terminal.countDown();
        }

        void awaitTerminal() throws InterruptedException {
            assertTrue(terminal.await(10, java.util.concurrent.TimeUnit.SECONDS), "no terminal signal");
        }

        String summary() {
            return next.get() + " next, " + complete.get() + " complete, " + error.get() + " error";
        }
    }
}
