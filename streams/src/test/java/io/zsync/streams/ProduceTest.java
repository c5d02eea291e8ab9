package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.Waits;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Streams.produce}: the producer task's life against its subscription's. */
@Timeout(30)
class ProduceTest {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());
    private final ZsyncRuntime oneWorker = ZsyncRuntime.create(Config.builder()
            .executionModel(ExecutionModel.WORK_STEALING).workers(1).build());

    @AfterEach
    void close() {
        runtime.close();
        oneWorker.close();
    }

    /**
     * The deterministic form of AsyncIteratorTest's once-flaky cancellingTheConsumingTask...: the consumer is
     * cancelled while the producer's task has not started yet (here its runtime's one worker is busy; on a loaded
     * machine, its virtual thread not yet scheduled). The producer must still run, cancelled, so that its cleanup
     * runs: cancelling its task before it started used to complete the task without ever running the body.
     */
    @Test
    void aProducerCancelledBeforeItsTaskStartsStillRunsCancelledSoItsCleanupRuns() throws Exception {
        CountDownLatch producerEnded = new CountDownLatch(1);
        AtomicReference<Throwable> producerSaw = new AtomicReference<>();
        Pipeline<Integer> slow = oneWorker.spawn(() -> Streams.<Integer>produce(emitter -> {
            try {
                emitter.emit(1);
            } catch (Throwable t) {
                producerSaw.set(t);
                throw t;
            } finally {
                producerEnded.countDown();
            }
        })).await();   // assembled inside oneWorker: its producer runs there
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch workerBusy = new CountDownLatch(1);
        oneWorker.spawn(() -> {
            workerBusy.countDown();
            gate.await();   // holds the one worker: the producer's task waits in the queue
        });
        workerBusy.await();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Thread> consumer = new AtomicReference<>();
        Task<Void> task = runtime.spawn(() -> {
            consumer.set(Thread.currentThread());
            try (AsyncIterator<Integer> it = slow.iterator()) {
                it.next();   // waits: the producer has not started
            } catch (Throwable t) {
                thrown.set(t);
                throw t;
            }
        });
        Waits.until(() -> consumer.get() != null, "the consumer started");
        Waits.untilParked(consumer.get());
        task.cancel();
        task.join();
        assertInstanceOf(TaskCancelledException.class, thrown.get());
        gate.countDown();
        assertTrue(producerEnded.await(10, TimeUnit.SECONDS), "the producer ran, cancelled, and ended");
        assertInstanceOf(TaskCancelledException.class, producerSaw.get(), "its first emit threw");
    }

    @Test
    void aProducerFailureAfterTheSubscriberCancelledReachesTheHandlerOfTheRuntimeThatBuiltIt() throws Exception {
        try (OperatorKit kit = new OperatorKit()) {
            IllegalStateException cleanupFailed = new IllegalStateException("cleanup failed after the cancel");
            Pipeline<Integer> p = kit.build(() -> Streams.produce(emitter -> {
                try {
                    emitter.emit(1);
                    emitter.emit(2);   // no demand: waits until cancelled
                } catch (TaskCancelledException echo) {
                    throw cleanupFailed;   // news, not the echo of the cancel: it must be reported
                }
            }));
            Recorder<Integer> r = new Recorder<>(1);
            p.subscribe(r);
            Waits.until(() -> r.items.size() == 1, "the first element");
            r.subscription.cancel();
            assertEquals(List.of(cleanupFailed), kit.awaitReported(1));
        }
    }

    @Test
    void theEchoOfItsOwnCancelIsNotReported() throws Exception {
        try (OperatorKit kit = new OperatorKit()) {
            CountDownLatch ended = new CountDownLatch(1);
            Pipeline<Integer> p = kit.build(() -> Streams.produce(emitter -> {
                try {
                    emitter.emit(1);
                    new CountDownLatch(1).await();   // until cancelled: the InterruptedException is the echo
                } finally {
                    ended.countDown();
                }
            }));
            Recorder<Integer> r = new Recorder<>(1);
            p.subscribe(r);
            Waits.until(() -> r.items.size() == 1, "the first element");
            r.subscription.cancel();
            assertTrue(ended.await(10, TimeUnit.SECONDS));
            kit.runtime.close();   // waits for the producer's task: whatever it reports has been reported
            assertEquals(List.of(), kit.reported);
        }
    }

    @Test
    void closingTheRuntimeUnderARunningProducerEndsTheStreamWithTaskCancelledException() throws Exception {
        ZsyncRuntime builder = ZsyncRuntime.create(Config.optimal());
        CountDownLatch waiting = new CountDownLatch(1);
        Pipeline<Integer> p = builder.spawn(() -> Streams.<Integer>produce(emitter -> {
            emitter.emit(1);
            waiting.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // a producer that takes an interrupt as its cue to return: still no clean end
            }
        })).await();
        Recorder<Integer> r = new Recorder<>(10);
        p.subscribe(r);
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        builder.close();
        r.await();
        assertEquals(List.of(1), r.items);
        assertInstanceOf(TaskCancelledException.class, r.error, "completed: " + r.completed);
    }

    @Test
    void closingTheRuntimeBeforeTheProducerStartsEndsTheStreamWithTaskCancelledException() throws Exception {
        Pipeline<Integer> p = oneWorker.spawn(() -> Streams.<Integer>produce(emitter -> emitter.emit(1))).await();
        CountDownLatch workerBusy = new CountDownLatch(1);
        oneWorker.spawn(() -> {
            workerBusy.countDown();
            new CountDownLatch(1).await();   // holds the one worker until the runtime closes
        });
        workerBusy.await();
        Recorder<Integer> r = new Recorder<>(10);
        p.subscribe(r);   // the producer's task waits in the queue
        oneWorker.close();
        r.await();   // used to hang: the task was cancelled before its body could end the stream
        assertInstanceOf(TaskCancelledException.class, r.error, "completed: " + r.completed);
    }

    @Test
    void requestZeroFailsTheStream() throws Exception {
        try (OperatorKit kit = new OperatorKit()) {
            kit.sourceRequestZeroFails(() -> Streams.<Integer>produce(emitter -> {
                for (;;) {
                    emitter.emit(1);
                }
            }));
        }
    }

    @Test
    void aCancelRacingOnNextReportsNothingAndSignalsNothingAfterTheEnd() throws Exception {
        try (OperatorKit kit = new OperatorKit()) {
            kit.sourceCancelRacingOnNext(() -> Streams.<Integer>produce(emitter -> {
                for (int i = 0; i < 50; i++) {
                    emitter.emit(i);
                }
            }));
        }
    }
}
