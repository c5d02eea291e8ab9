package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.testkit.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@Timeout(30)
class TaskExecutorTest {

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void jdkCodeRunsOnItsTasks(ExecutionModel model) throws Exception {
        try (ZsyncRuntime rt = ZsyncRuntime.create(RecordingHandler.config(model, new RecordingHandler()));
             TaskExecutor executor = rt.newExecutor()) {
            CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> "hello", executor)
                    .thenApplyAsync(s -> s + " " + Zsync.currentTask().isPresent(), executor);
            assertEquals("hello true", f.get(10, TimeUnit.SECONDS));

            Future<Integer> submitted = executor.submit(() -> 5);
            assertEquals(5, submitted.get());
            List<Callable<Integer>> jobs = List.of(() -> 1, () -> 2, () -> 3);
            int sum = 0;
            for (Future<Integer> each : executor.invokeAll(jobs)) {
                sum += each.get();
            }
            assertEquals(6, sum);
            Future<Integer> failing = executor.submit(() -> {
                throw new IllegalStateException("inside");
            });
            assertEquals("inside", assertThrows(ExecutionException.class, failing::get).getCause().getMessage());
        }
    }

    @Test
    void reactorSchedulersRunOnIt() {
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.optimal()); TaskExecutor executor = rt.newExecutor()) {
            Scheduler scheduler = Schedulers.fromExecutorService(executor);
            try {
                List<Boolean> onTasks = Flux.range(0, 20).publishOn(scheduler)
                        .map(i -> Zsync.currentTask().isPresent()).collectList().block(Duration.ofSeconds(10));
                assertEquals(20, onTasks.size());
                assertTrue(onTasks.stream().allMatch(b -> b));
            } finally {
                scheduler.dispose();
            }
        }
    }

    @Test
    void closeCancelsWhatIsLeftAndWaitsForIt() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        try (ZsyncRuntime rt = ZsyncRuntime.create(RecordingHandler.config(ExecutionModel.VIRTUAL_THREADS, handler))) {
            TaskExecutor executor = rt.newExecutor();
            CountDownLatch started = new CountDownLatch(3);
            List<Task<Void>> sleepers = List.of(1, 2, 3).stream().map(i -> executor.spawn(() -> {
                started.countDown();
                Zsync.sleep(Duration.ofMinutes(10));
            })).toList();
            Task<Integer> done = executor.spawn(() -> 1);
            assertEquals(1, done.await());
            started.await();
            // a task leaves the set just after its outcome is out, so the await above may return a moment early
            Waits.until(() -> executor.activeCount() == 3, "3 active tasks: the sleepers, not the finished one");
            executor.close();
            for (Task<Void> t : sleepers) {
                assertTrue(t.isDone(), "close waited for it");
                assertEquals(TaskState.CANCELLED, t.state());
            }
            assertTrue(executor.isShutdown());
            assertTrue(executor.isTerminated());
            RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> executor.spawn(() -> 1));
            assertTrue(e.getMessage().contains("executor is shut down"), e.getMessage());
            executor.close();   // idempotent
            assertTrue(rt.spawn(() -> true).await(), "the runtime is still open");
        }
        assertEquals(List.of(), handler.failures);
    }

    @Test
    void shutdownStopsNewTasksButLetsRunningOnesFinish() throws InterruptedException {
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.optimal()); TaskExecutor executor = rt.newExecutor()) {
            CountDownLatch release = new CountDownLatch(1);
            Task<String> running = executor.spawn(() -> {
                release.await();
                return "finished";
            });
            executor.shutdown();
            assertTrue(executor.isShutdown());
            assertFalse(executor.isTerminated());
            assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
            assertFalse(executor.awaitTermination(20, TimeUnit.MILLISECONDS));
            release.countDown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals("finished", running.await());
            assertEquals(List.of(), executor.shutdownNow());
        }
    }

    @Test
    void executorTasksAreNotChildrenOfTheSpawningTask() throws Exception {
        Zsync.run(() -> {
            try (TaskExecutor executor = Zsync.newExecutor()) {
                CountDownLatch started = new CountDownLatch(1);
                Task<Task<Integer>> spawner = Zsync.spawn(() -> executor.spawn(() -> {
                    started.countDown();
                    Zsync.sleep(50);
                    return 9;
                }));
                Task<Integer> owned = spawner.await();
                started.await();
                spawner.cancel();
                assertEquals(9, owned.await(), "cancelling the spawner does not cancel the executor's task");
            }
            return null;
        });
    }

    @Test
    void closingTheRuntimeCancelsExecutorTasksToo() throws InterruptedException {
        ZsyncRuntime rt = ZsyncRuntime.create(Config.optimal());
        TaskExecutor executor = rt.newExecutor();
        CountDownLatch started = new CountDownLatch(1);
        Task<Void> t = executor.spawn(() -> {
            started.countDown();
            Zsync.sleep(Duration.ofMinutes(10));
        });
        started.await();
        rt.close();
        assertEquals(TaskState.CANCELLED, t.state());
        assertThrows(RejectedExecutionException.class, () -> executor.spawn(() -> 1));
    }
}
