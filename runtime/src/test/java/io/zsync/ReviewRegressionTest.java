package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.testkit.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Regressions for defects found in review: each of these hung, leaked an interrupt, or lost a cancel. */
@Timeout(30)
class ReviewRegressionTest {

    @Test
    void aCompletableFutureQueuedOnAPoolThatClosesStillCompletes() throws Exception {
        Config config = Config.builder().executionModel(ExecutionModel.WORK_STEALING).workers(1).build();
        try (ZsyncRuntime rt = ZsyncRuntime.create(config)) {
            TaskExecutor executor = rt.newExecutor();
            CountDownLatch blocking = new CountDownLatch(1);
            executor.execute(() -> {
                blocking.countDown();
                Zsync.sleep(Duration.ofMinutes(10));
            });
            blocking.await();
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> "ran", executor);
            executor.close();   // cancels the queued command before it starts: its body still runs, interrupted
            assertEquals("ran", queued.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theBlockingModelRunsExecutorCommandsAtOnce() throws Exception {
        Zsync.runSimple(() -> {
            try (TaskExecutor executor = Zsync.newExecutor()) {
                assertEquals(6, CompletableFuture.supplyAsync(() -> 6, executor).get(10, TimeUnit.SECONDS));
                assertEquals(7, executor.submit(() -> 7).get(10, TimeUnit.SECONDS));
            }
            return null;
        });
    }

    @Test
    void anUncaughtHandlerThatClosesTheRuntimeDoesNotDeadlockClose() throws InterruptedException {
        AtomicReference<ZsyncRuntime> runtime = new AtomicReference<>();
        Config config = Config.builder().uncaughtHandler((t, e) -> runtime.get().close()).build();
        runtime.set(ZsyncRuntime.create(config));
        Task<Void> failing = runtime.get().spawn(() -> {
            throw new IllegalStateException("unobserved on purpose");
        });
        while (!failing.isDone()) {
            Thread.onSpinWait();
        }
        runtime.get().close();   // reports the failure; the handler calls close() again on this thread
        assertTrue(runtime.get().isClosed());
    }

    @Test
    void cancellingAFinishedParentCancelsItsRunningChildren() {
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.optimal())) {
            Task<Task<Void>> parent = rt.spawn(() -> Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10))));
            Task<Void> child = parent.await();
            assertFalse(parent.cancel(), "the parent had finished");
            assertEquals(TaskState.CANCELLED, child.join().state());
        }
    }

    @Test
    void closeFromAnInterruptedThreadStillWaitsForCancelledTasks() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        ZsyncRuntime rt = ZsyncRuntime.create(RecordingHandler.config(ExecutionModel.VIRTUAL_THREADS, handler));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch cleanupMayEnd = new CountDownLatch(1);
        Task<Void> slowToStop = rt.spawn(() -> {
            started.countDown();
            try {
                Zsync.sleep(Duration.ofMinutes(10));
            } finally {
                Thread.interrupted();
                cleanupMayEnd.await(10, TimeUnit.SECONDS);   // cleanup that ends only once close() is waiting
            }
            return null;
        });
        started.await();
        Thread closer = Thread.currentThread();
        Thread.ofVirtual().start(() -> {
            Waits.untilParked(closer);   // the closer waits in close() for the cancelled task
            cleanupMayEnd.countDown();
        });
        Thread.currentThread().interrupt();
        try {
            rt.close();
            assertTrue(Thread.currentThread().isInterrupted(), "the closer's flag is restored");
        } finally {
            Thread.interrupted();
        }
        assertTrue(slowToStop.isDone(), "close waited for it");
        assertEquals(List.of(), handler.failures, "no false report of a straggler");
    }

    @Test
    void awaitTerminationAcceptsTheLongestTimeouts() throws InterruptedException {
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.optimal())) {
            TaskExecutor executor = rt.newExecutor();
            executor.spawn(() -> 1).await();
            executor.shutdown();
            assertTrue(executor.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS));
        }
    }

    @Test
    void anInterruptLeftByATaskDoesNotReachTheNextTaskOnAPoolWorker() {
        Config config = Config.builder().executionModel(ExecutionModel.WORK_STEALING).workers(1).build();
        try (ZsyncRuntime rt = ZsyncRuntime.create(config)) {
            rt.spawn(() -> Thread.currentThread().interrupt()).await();   // returns with its flag set
            Task<String> next = rt.spawn(() -> {
                Zsync.sleep(Duration.ofMillis(5));
                return "slept";
            });
            assertEquals("slept", next.await());
        }
    }
}
