package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import io.zsync.testkit.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tasks on the threaded execution models; the blocking model has its own test class. */
@Timeout(30)
class TaskTest {

    private static ZsyncRuntime runtime(ExecutionModel model, RecordingHandler handler) {
        return ZsyncRuntime.create(RecordingHandler.config(model, handler));
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void awaitReturnsTheResultAndPollSeesIt(ExecutionModel model) {
        RecordingHandler handler = new RecordingHandler();
        try (ZsyncRuntime rt = runtime(model, handler)) {
            Task<Integer> t = rt.spawn(() -> 6 * 7);
            assertEquals(42, t.await());
            assertTrue(t.isDone());
            assertEquals(TaskState.SUCCEEDED, t.state());
            assertEquals(new Outcome.Success<>(42), t.poll());
            assertEquals(new Outcome.Success<>(42), t.join());
            Task<Void> r = rt.spawn(() -> { });
            assertNull(r.await());
        }
        assertEquals(List.of(), handler.failures);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void awaitRethrowsTheFailureAsCauseWithItsChainIntact(ExecutionModel model) {
        RecordingHandler handler = new RecordingHandler();
        IOException root = new IOException("disk full");
        IllegalStateException thrown = new IllegalStateException("write failed", root);
        try (ZsyncRuntime rt = runtime(model, handler)) {
            Task<String> t = rt.spawn(() -> {
                throw thrown;
            });
            TaskFailedException e = assertThrows(TaskFailedException.class, t::await);
            assertSame(thrown, e.getCause());
            assertSame(root, e.getCause().getCause());
            assertTrue(e.getMessage().contains(t.name()), e.getMessage());
            assertEquals(TaskState.FAILED, t.state());
            assertSame(thrown, ((Outcome.Failure<String>) t.poll()).cause());
        }
        assertEquals(List.of(), handler.failures, "an awaited failure is not reported again");
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void pollIsPendingWhileRunningAndNeverBlocks(ExecutionModel model) throws InterruptedException {
        try (ZsyncRuntime rt = runtime(model, new RecordingHandler())) {
            CountDownLatch release = new CountDownLatch(1);
            Task<String> t = rt.spawn(() -> {
                release.await();
                return "done";
            });
            assertInstanceOf(Outcome.Pending.class, t.poll());
            assertEquals(TaskState.PENDING, t.state());
            assertFalse(t.isDone());
            release.countDown();
            assertEquals("done", t.await());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void awaitWithTimeoutThrowsAndLeavesTheTaskRunning(ExecutionModel model) {
        try (ZsyncRuntime rt = runtime(model, new RecordingHandler())) {
            CountDownLatch release = new CountDownLatch(1);
            Task<String> t = rt.spawn(() -> {
                release.await();
                return "late";
            });
            TaskTimeoutException e = assertThrows(TaskTimeoutException.class, () -> t.await(Duration.ofMillis(20)));
            assertTrue(e.getMessage().contains("keeps running: cancel() it"), e.getMessage());
            assertThrows(TaskTimeoutException.class, () -> t.await(Duration.ZERO));
            assertThrows(TaskTimeoutException.class, () -> t.await(Duration.ofSeconds(-1)));
            assertFalse(t.isDone());
            release.countDown();
            assertEquals("late", t.await(Duration.ofSeconds(10)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void cancelInterruptsASleepingTaskAndAwaitReportsCancellation(ExecutionModel model) throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        try (ZsyncRuntime rt = runtime(model, handler)) {
            CountDownLatch sleeping = new CountDownLatch(1);
            Task<Void> t = rt.spawn(() -> {
                sleeping.countDown();
                Zsync.sleep(Duration.ofMinutes(10));
            });
            sleeping.await();
            assertTrue(t.cancel());
            assertFalse(t.cancel(), "idempotent: a second cancel changes nothing");
            TaskCancelledException e = assertThrows(TaskCancelledException.class, t::await);
            assertTrue(e.getMessage().contains("was cancelled"), e.getMessage());
            assertEquals(TaskState.CANCELLED, t.state());
            assertEquals(new Outcome.Cancelled<>(null), t.join());
            assertFalse(t.cancel(), "cancelling a finished task does nothing");
        }
        assertEquals(List.of(), handler.failures);
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void cancelledTaskStaysPendingUntilItsBodyHasStopped(ExecutionModel model) throws InterruptedException {
        try (ZsyncRuntime rt = runtime(model, new RecordingHandler())) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch mayFinish = new CountDownLatch(1);
            AtomicBoolean bodyEnded = new AtomicBoolean();
            Task<String> t = rt.spawn(() -> {
                started.countDown();
                while (true) {   // ignores interruption until told
                    try {
                        mayFinish.await();
                        break;
                    } catch (InterruptedException ignored) {
                        // keep going: this body finishes its work first
                    }
                }
                bodyEnded.set(true);
                return "finished anyway";
            });
            started.await();
            t.cancel();
            assertThrows(TaskTimeoutException.class, () -> t.await(Duration.ofMillis(30)));
            assertEquals(TaskState.PENDING, t.state());
            mayFinish.countDown();
            assertThrows(TaskCancelledException.class, t::await);
            assertTrue(bodyEnded.get());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void cancellingAParentCancelsItsChildrenAndGrandchildren(ExecutionModel model) throws InterruptedException {
        try (ZsyncRuntime rt = runtime(model, new RecordingHandler())) {
            CountDownLatch spawned = new CountDownLatch(1);
            AtomicReference<Task<Void>> child = new AtomicReference<>();
            AtomicReference<Task<Void>> grandchild = new AtomicReference<>();
            Task<Void> parent = rt.spawn(() -> {
                child.set(Zsync.spawn(() -> {
                    grandchild.set(Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10))));
                    spawned.countDown();
                    Zsync.sleep(Duration.ofMinutes(10));
                }));
                Zsync.sleep(Duration.ofMinutes(10));
            });
            spawned.await();
            parent.cancel();
            assertEquals(TaskState.CANCELLED, parent.join().state());
            assertEquals(TaskState.CANCELLED, child.get().join().state());
            assertEquals(TaskState.CANCELLED, grandchild.get().join().state());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void aTaskSpawnedByACancelledTaskIsCancelledAtOnceAndNeverRuns(ExecutionModel model) {
        try (ZsyncRuntime rt = runtime(model, new RecordingHandler())) {
            AtomicReference<Task<Void>> child = new AtomicReference<>();
            AtomicBoolean childRan = new AtomicBoolean();
            Task<Void> parent = rt.spawn(() -> {
                Zsync.currentTask().orElseThrow().cancel();
                child.set(Zsync.spawn(() -> childRan.set(true)));
            });
            assertEquals(TaskState.CANCELLED, parent.join().state());
            assertEquals(TaskState.CANCELLED, child.get().join().state());
            assertFalse(childRan.get());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void interruptingTheWaiterThrowsCancelledKeepsTheFlagAndLeavesTheTaskAlone(ExecutionModel model)
            throws InterruptedException {
        try (ZsyncRuntime rt = runtime(model, new RecordingHandler())) {
            CountDownLatch release = new CountDownLatch(1);
            Task<String> slow = rt.spawn(() -> {
                release.await();
                return "ok";
            });
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    slow.await();
                } catch (Throwable e) {
                    thrown.set(e);
                    flagKept.set(Thread.currentThread().isInterrupted());
                }
            });
            Waits.untilParked(waiter);
            waiter.interrupt();
            waiter.join(10_000);
            assertInstanceOf(TaskCancelledException.class, thrown.get());
            assertTrue(flagKept.get());
            assertFalse(slow.isDone());
            release.countDown();
            assertEquals("ok", slow.await());
        }
    }

    @Test
    void awaitingACancelledTaskCancelsTheAwaiterInsteadOfFailingIt() {
        RecordingHandler handler = new RecordingHandler();
        try (ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, handler)) {
            Task<Void> cancelled = rt.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
            cancelled.cancel();
            Task<Void> awaiter = rt.spawn(() -> cancelled.await());
            Outcome<Void> outcome = awaiter.join();
            assertEquals(TaskState.CANCELLED, outcome.state());
            assertInstanceOf(TaskCancelledException.class, ((Outcome.Cancelled<Void>) outcome).cause());
        }
        assertEquals(List.of(), handler.failures, "a cancellation is not a failure to report");
    }

    @Test
    void aTaskThatAwaitsItselfFailsFastInsteadOfHanging() {
        try (ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, new RecordingHandler())) {
            Task<String> t = rt.spawn(() -> {
                Task<?> self = Zsync.currentTask().orElseThrow();
                try {
                    self.await();
                    return "no";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            assertTrue(t.await().contains("waits for itself and would wait forever"), t.await());
        }
    }

    @Test
    void aFailureNobodyObservedReachesTheUncaughtHandlerWhenTheRuntimeCloses() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        IllegalStateException boom = new IllegalStateException("boom");
        Task<Void> t;
        try (ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, handler)) {
            t = rt.spawn(() -> {
                throw boom;
            });
            while (!t.isDone()) {
                Thread.onSpinWait();
            }
            assertEquals(List.of(), handler.failures, "not reported while someone may still await it");
        }
        List<Throwable> reported = handler.awaitFailures(1);
        assertEquals(1, reported.size());
        assertInstanceOf(TaskFailedException.class, reported.get(0));
        assertSame(boom, reported.get(0).getCause());
        assertTrue(reported.get(0).getMessage().contains("nobody awaited it"), reported.get(0).getMessage());
    }

    @Test
    void aFailureObservedByJoinOrPollIsNotReported() {
        RecordingHandler handler = new RecordingHandler();
        try (ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, handler)) {
            Task<Void> joined = rt.spawn(() -> {
                throw new IllegalStateException("seen by join");
            });
            assertEquals(TaskState.FAILED, joined.join().state());
            Task<Void> polled = rt.spawn(() -> {
                throw new IllegalStateException("seen by poll");
            });
            while (!(polled.poll() instanceof Outcome.Failure<Void>)) {
                Thread.onSpinWait();
            }
        }
        assertEquals(List.of(), handler.failures);
    }

    @Test
    void aFailedTaskWhoseHandleIsCollectedIsReportedWithoutClose() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, handler);
        try {
            CountDownLatch failed = new CountDownLatch(1);
            rt.spawn(() -> {
                failed.countDown();
                throw new IllegalStateException("dropped handle");
            });
            failed.await();
            Waits.until(() -> {
                System.gc();   // the report comes when the collector finds the dropped handle
                return !handler.failures.isEmpty();
            }, "the dropped handle's failure to be reported");
            assertEquals(1, handler.failures.size(), "reported once the handle was garbage collected");
            assertEquals("dropped handle", handler.failures.get(0).getCause().getMessage());
        } finally {
            rt.close();
        }
        assertEquals(1, handler.failures.size(), "and not a second time at close");
    }

    @Test
    void spawnRejectsNullBodiesAndClosedRuntimesWithMessagesThatSayWhatToDo() {
        ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, new RecordingHandler());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> rt.spawn((java.util.concurrent.Callable<Object>) null));
        assertTrue(npe.getMessage().contains("pass the code the task should run"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> rt.spawn((CheckedRunnable) null));
        rt.close();
        assertTrue(rt.isClosed());
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> rt.spawn(() -> 1));
        assertTrue(e.getMessage().contains("runtime is closed: spawn tasks before close()"), e.getMessage());
    }

    @Test
    void closeIsIdempotentAndWorksFromInsideATask() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, handler);
        Task<Void> sleeper = rt.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
        CountDownLatch closed = new CountDownLatch(1);
        Task<Void> closer = rt.spawn(() -> {
            rt.close();
            closed.countDown();
            rt.close();   // again, from the same task: returns at once
        });
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertEquals(TaskState.CANCELLED, sleeper.join().state());
        assertTrue(closer.join().state() != TaskState.PENDING);
        rt.close();
        rt.close();
        assertEquals(List.of(), handler.failures);
    }

    @Test
    void tasksThatIgnoreCancellationAreReportedAfterTheGracePeriodAndCloseReturns() throws InterruptedException {
        RecordingHandler handler = new RecordingHandler();
        AtomicBoolean stop = new AtomicBoolean();
        ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().uncaughtHandler(handler)
                .shutdownGrace(Duration.ofMillis(50)).captureSpawnSites(true).build());
        CountDownLatch started = new CountDownLatch(1);
        rt.spawn(() -> {
            started.countDown();
            while (!stop.get()) {
                Thread.onSpinWait();   // ignores interruption
            }
        });
        started.await();
        rt.close();
        stop.set(true);
        List<Throwable> reported = handler.awaitFailures(1);
        String message = reported.get(0).getMessage();
        assertTrue(message.startsWith("1 task was still running 50 ms after the runtime began to close"), message);
        assertTrue(message.contains("cancelled, still running"), message);
        assertTrue(message.contains("spawned by code outside any task"), message);
        assertTrue(message.contains("a lambda in io.zsync.TaskTest"), message);
        Throwable where = reported.get(0).getSuppressed()[0];
        assertTrue(where.getMessage().contains("is here now"), where.getMessage());
        assertEquals("spawned here", where.getCause().getMessage());
        assertTrue(where.getCause().getStackTrace()[0].getClassName().startsWith("io.zsync"));
    }

    @Test
    void sleepRejectsNegativeDurationsAndSaysWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Zsync.sleep(Duration.ofMillis(-5)));
        assertTrue(e.getMessage().contains("must be zero or more but was PT-0.005S; pass Duration.ZERO"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Zsync.sleep(-5));
        assertTrue(e.getMessage().contains("must be zero or more milliseconds but was -5; pass 0"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Zsync.sleep(null));
        Zsync.sleep(Duration.ZERO);
        Zsync.sleep(0);
    }

    @Test
    void yieldNowAndSleepThrowCancelledWhenTheThreadIsInterrupted() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(TaskCancelledException.class, Zsync::yieldNow);
            assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set");
            assertThrows(TaskCancelledException.class, () -> Zsync.sleep(Duration.ofSeconds(10)));
            assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void joinWaitsForAllWhateverTheyComeTo() {
        try (ZsyncRuntime rt = runtime(ExecutionModel.VIRTUAL_THREADS, new RecordingHandler())) {
            Task<Integer> ok = rt.spawn(() -> 1);
            Task<Void> failing = rt.spawn(() -> {
                throw new IllegalStateException("x");
            });
            Task<Void> cancelled = rt.spawn(() -> Zsync.sleep(Duration.ofMinutes(1)));
            cancelled.cancel();
            Zsync.joinAll(ok, failing, cancelled);
            assertTrue(ok.isDone() && failing.isDone() && cancelled.isDone());
            failing.join();
            NullPointerException e = assertThrows(NullPointerException.class, () -> Zsync.joinAll(ok, null));
            assertTrue(e.getMessage().contains("tasks[1] is null"), e.getMessage());
        }
    }
}
