package io.zsync.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import io.zsync.Config;
import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.streams.AsyncIterator;
import io.zsync.streams.StreamFailedException;
import io.zsync.streams.Streams;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** zsync's channels, tasks, iterators and pipelines with the real RxJava 3. */
@Timeout(60)
class RxJavaInteropTest {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void flowableFromATask() {
        Task<String> task = runtime.spawn(() -> "from a task");
        assertEquals("from a task", Flowable.fromPublisher(task).blockingSingle());
    }

    @Test
    void flowableFromAChannelWithTakeCancelsTheChannel() throws InterruptedException {
        Channel<Integer> channel = Zsync.bounded(4);
        CountDownLatch cancelled = new CountDownLatch(1);
        Flowable.range(0, Integer.MAX_VALUE).doOnCancel(cancelled::countDown).subscribe(channel);
        assertEquals(List.of(0, 1, 2), Flowable.fromPublisher(channel).take(3).toList().blockingGet());
        assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the channel cancelled its upstream when its"
                + " last subscriber left");
    }

    @Test
    void ourPipelineWithRxJavaBackpressure() throws InterruptedException {
        TestSubscriber<Integer> ts = Flowable.fromPublisher(
                        Streams.merge(List.of(Streams.fromIterable(List.of(1, 2)), Streams.fromCallable(() -> 3))))
                .test(0);
        ts.assertNoValues();
        ts.request(3);
        ts.await(10, TimeUnit.SECONDS);
        ts.assertValueCount(3).assertComplete();
        assertEquals(6, ts.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void aFlowableErrorReachesOurIterator() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        try (AsyncIterator<Integer> it = Streams.from(Flowable.<Integer>error(boom)).iterator()) {
            assertSame(boom, assertThrows(StreamFailedException.class, it::hasNext).getCause());
        }
    }

    @Test
    void ourIteratorOverAFlowableOnAnotherThread() {
        long sum = 0;
        try (AsyncIterator<Integer> it = Streams.from(Flowable.range(0, 100_000)
                .subscribeOn(io.reactivex.rxjava3.schedulers.Schedulers.computation())).iterator(64)) {
            while (it.hasNext()) {
                sum += it.next();
            }
        }
        assertEquals(99_999L * 100_000 / 2, sum);
    }
}
