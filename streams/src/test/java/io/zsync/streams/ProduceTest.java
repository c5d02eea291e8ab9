package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.Waits;
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
}
