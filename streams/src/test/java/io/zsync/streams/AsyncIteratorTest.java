package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.Waits;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

@Timeout(30)
class AsyncIteratorTest {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());

    @AfterEach
    void close() {
        runtime.close();
    }

    private static List<Integer> ints(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Records every request its subscribers make of it. */
    private static Publisher<Integer> recording(Publisher<Integer> source, List<Long> requests) {
        return s -> source.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription sub) {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                        requests.add(n);
                        sub.request(n);
                    }

                    @Override
                    public void cancel() {
                        requests.add(-1L);
                        sub.cancel();
                    }
                });
            }

            @Override
            public void onNext(Integer t) {
                s.onNext(t);
            }

            @Override
            public void onError(Throwable t) {
                s.onError(t);
            }

            @Override
            public void onComplete() {
                s.onComplete();
            }
        });
    }

    @Test
    void iteratesEverythingInOrderAndRequestsInBatchesOfThreeQuarters() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        Pipeline<Integer> source = Streams.from(recording(Streams.fromIterable(ints(100)), requests));
        List<Integer> seen = new java.util.ArrayList<>();
        try (AsyncIterator<Integer> it = source.iterator(16)) {
            while (it.hasNext()) {
                seen.add(it.next());
            }
            assertThrows(NoSuchElementException.class, it::next);
        }
        assertEquals(ints(100), seen);
        assertEquals(16L, requests.get(0));
        assertTrue(requests.subList(1, requests.size()).stream().allMatch(n -> n == 12), requests.toString());
    }

    @Test
    void closeCancelsTheUpstream() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        try (AsyncIterator<Integer> it = Streams.from(recording(Streams.fromIterable(ints(1000)), requests))
                .iterator(8)) {
            assertEquals(0, it.next());
            assertEquals(1, it.next());
        }
        assertEquals(-1L, requests.get(requests.size() - 1));
    }

    @Test
    void anUpstreamErrorIsThrownWithItsCauseAfterTheElementsBeforeIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        Pipeline<Integer> failing = Streams.concat(List.of(Streams.fromIterable(List.of(1, 2)),
                Streams.fromCallable(() -> {
                    throw boom;
                })));
        try (AsyncIterator<Integer> it = failing.iterator()) {
            assertEquals(1, it.next());
            assertEquals(2, it.next());
            StreamFailedException e = assertThrows(StreamFailedException.class, it::hasNext);
            assertSame(boom, e.getCause());
        }
    }

    @Test
    void cancellingTheConsumingTaskCancelsTheUpstreamAndThrowsTaskCancelledException() throws Exception {
        CountDownLatch producerEnded = new CountDownLatch(1);
        Pipeline<Integer> slow = Streams.produce(emitter -> {
            try {
                emitter.emit(1);
                new CountDownLatch(1).await();   // blocks until cancelled
            } finally {
                producerEnded.countDown();
            }
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Thread> consumer = new AtomicReference<>();
        Task<Void> task = runtime.spawn(() -> {
            consumer.set(Thread.currentThread());
            try (AsyncIterator<Integer> it = slow.iterator()) {
                it.next();
                it.next();   // waits forever, until the task is cancelled
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
        assertTrue(producerEnded.await(10, TimeUnit.SECONDS), "the producer was cancelled");
    }

    @Test
    void asAStreamWhoseCloseCancels() {
        List<Long> requests = new CopyOnWriteArrayList<>();
        Pipeline<Integer> source = Streams.from(recording(Streams.fromIterable(ints(10_000)), requests));
        try (Stream<Integer> stream = source.toStream(32)) {
            assertEquals(List.of(0, 1, 2), stream.limit(3).toList());
        }
        assertEquals(-1L, requests.get(requests.size() - 1));
        assertEquals(4950, source.take(100).toStream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void asAnIterableThatSubscribesPerLoop() {
        Iterable<Integer> iterable = Streams.fromIterable(ints(5)).map(i -> i * 2).toIterable();
        for (int round = 0; round < 2; round++) {
            List<Integer> seen = new java.util.ArrayList<>();
            iterable.forEach(seen::add);
            assertEquals(List.of(0, 2, 4, 6, 8), seen);
        }
    }

    @Test
    void handsOffAcrossThreadsWithoutLosingOrDuplicating() {
        int n = 200_000;
        Pipeline<Integer> produced = Streams.produce(emitter -> {
            for (int i = 0; i < n; i++) {
                emitter.emit(i);
            }
        });
        long sum = 0;
        int count = 0;
        try (AsyncIterator<Integer> it = produced.iterator(64)) {
            while (it.hasNext()) {
                sum += it.next();
                count++;
            }
        }
        assertEquals(n, count);
        assertEquals((long) n * (n - 1) / 2, sum);
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
