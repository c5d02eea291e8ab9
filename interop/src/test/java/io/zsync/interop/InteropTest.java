package io.zsync.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskFailedException;
import io.zsync.TaskState;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.streams.AsyncIterator;
import io.zsync.streams.Streams;
import io.zsync.testkit.Waits;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;

/** CompletionStage and task both ways, with cancellation; Flow and Reactive Streams both ways. */
@Timeout(30)
class InteropTest {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());

    @AfterEach
    void close() {
        runtime.close();
    }

    // ---- task -> CompletableFuture ----

    @Test
    void aTaskCompletesItsFuture() throws Exception {
        assertEquals("ok", Interop.toCompletableFuture(runtime.spawn(() -> "ok")).get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFailedTaskFailsItsFutureWithTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Object> f = Interop.toCompletableFuture(runtime.spawn(() -> {
            throw boom;
        }));
        assertSame(boom, assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)).getCause());
    }

    @Test
    void cancellingTheFutureCancelsTheTask() {
        Task<Void> sleeper = runtime.spawn(() -> Zsync.sleep(java.time.Duration.ofHours(1)));
        CompletableFuture<Void> f = Interop.toCompletableFuture(sleeper);
        assertTrue(f.cancel(false));
        assertInstanceOf(Outcome.Cancelled.class, sleeper.join());
    }

    @Test
    void cancellingTheTaskCancelsTheFuture() {
        Task<Void> sleeper = runtime.spawn(() -> Zsync.sleep(java.time.Duration.ofHours(1)));
        CompletableFuture<Void> f = Interop.toCompletableFuture(sleeper);
        sleeper.cancel();
        sleeper.join();
        Waits.until(f::isDone, "the future completed");
        assertTrue(f.isCancelled());
    }

    // ---- CompletionStage -> task ----

    @Test
    void aStageBecomesATask() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Task<String> task = Interop.toTask(runtime, f);
        f.complete("done");
        assertEquals("done", task.await());
    }

    @Test
    void aFailedStageFailsTheTaskWithTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<String> task = Interop.toTask(runtime, CompletableFuture.failedFuture(boom));
        assertSame(boom, assertThrows(TaskFailedException.class, task::await).getCause());
    }

    @Test
    void cancellingTheTaskCancelsTheStage() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Task<String> task = Interop.toTask(runtime, f);
        Waits.until(() -> task.state() == TaskState.PENDING, "the task runs");
        task.cancel();
        assertInstanceOf(Outcome.Cancelled.class, task.join());
        Waits.until(f::isDone, "the stage was cancelled");
        assertTrue(f.isCancelled());
    }

    @Test
    void cancellingTheTaskBeforeItStartsCancelsTheStage() {
        try (ZsyncRuntime blocking = ZsyncRuntime.create(Config.blocking())) {   // tasks start only when awaited
            CompletableFuture<String> f = new CompletableFuture<>();
            Task<String> task = Interop.toTask(blocking, f);
            task.cancel();   // the body never runs: the stage is cancelled through the task's outcome
            assertTrue(f.isCancelled(), "the stage must be cancelled with the task");
        }
    }

    @Test
    void cancellingTheStageCancelsTheTask() {
        CompletableFuture<String> f = new CompletableFuture<>();
        Task<String> task = Interop.toTask(runtime, f);
        f.cancel(false);
        assertInstanceOf(Outcome.Cancelled.class, task.join());
        assertThrows(TaskCancelledException.class, task::await);
    }

    @Test
    void toTaskOutsideAnyRuntimeSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Interop.toTask(new CompletableFuture<String>()));
        assertTrue(e.getMessage().contains("Zsync.initGlobalRuntime"), e.getMessage());
    }

    // ---- Flow and Reactive Streams ----

    @Test
    void ourPublishersNeedNoAdapter() {
        Channel<Integer> channel = Zsync.bounded(1);
        assertSame(channel, Interop.toFlowPublisher(channel));
        assertSame(channel, Interop.toPublisher((Flow.Publisher<Integer>) channel));
        assertSame(channel, Interop.toFlowSubscriber(channel));
        Task<Integer> task = runtime.spawn(() -> 1);
        assertSame(task, Interop.toFlowPublisher(task));
    }

    @Test
    void aSubmissionPublisherThroughTheAdapterKeepsBackpressure() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        SubmissionPublisher<Integer> jdk = new SubmissionPublisher<>();
        try {
            Publisher<Integer> rs = Interop.toPublisher(jdk);
            Task<Long> consumer = runtime.spawn(() -> {
                long sum = 0;
                try (AsyncIterator<Integer> it = Streams.from(rs).iterator(4)) {
                    done.countDown();
                    while (it.hasNext()) {
                        sum += it.next();
                    }
                }
                return sum;
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            Waits.until(() -> jdk.getNumberOfSubscribers() == 1, "subscribed");
            for (int i = 0; i < 1000; i++) {
                jdk.submit(i);   // blocks while the subscriber's buffer is full
            }
            jdk.close();   // onComplete once the subscriber has taken everything
            assertEquals(999L * 1000 / 2, consumer.await());
        } finally {
            jdk.close();
        }
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> Interop.toCompletableFuture(null));
        assertThrows(NullPointerException.class, () -> Interop.toTask(runtime, null));
        assertThrows(NullPointerException.class, () -> Interop.toPublisher(null));
    }
}
