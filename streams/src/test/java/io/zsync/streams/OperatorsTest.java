package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What each operator emits, beyond what the TCK checks. */
@Timeout(30)
class OperatorsTest {
    private static List<Integer> ints(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static <T> List<T> all(Pipeline<T> p) {
        List<T> out = new ArrayList<>();
        p.toIterable().forEach(out::add);
        return out;
    }

    @Test
    void mapFilterTakeComposeLikeJavaStreams() {
        List<Integer> expected = ints(1000).stream().map(i -> i * 3).filter(i -> i % 2 == 0).limit(50).toList();
        assertEquals(expected, all(Streams.fromIterable(ints(1000)).map(i -> i * 3).filter(i -> i % 2 == 0)
                .take(50)));
    }

    @Test
    void takeZeroCompletesEmpty() {
        assertEquals(List.of(), all(Streams.fromIterable(ints(10)).take(0)));
    }

    @Test
    void batchCutsFullBatchesAndFlushesTheRestOnCompletion() {
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)),
                all(Streams.fromIterable(ints(7)).batch(3, Duration.ofSeconds(30))));
    }

    @Test
    void batchClosesAPartialBatchAfterMaxWait() {
        Pipeline<List<Integer>> batches = Streams.<Integer>produce(emitter -> {
            emitter.emit(1);
            new CountDownLatch(1).await();   // nothing more, until cancelled: only the deadline can close the batch
        }).batch(100, Duration.ofMillis(20));
        try (AsyncIterator<List<Integer>> it = batches.iterator()) {
            assertEquals(List.of(1), it.next());
        }
    }

    @Test
    void mergeAndConcatKeepEveryElement() {
        Pipeline<Integer> a = Streams.fromIterable(ints(500));
        Pipeline<Integer> b = Streams.produce(e -> {
            for (int i = 500; i < 1000; i++) {
                e.emit(i);
            }
        });
        assertEquals(ints(1000), all(Streams.merge(List.of(a, b))).stream().sorted().toList());
        assertEquals(ints(1000), all(Streams.concat(List.of(a, b))));
    }

    @Test
    void raceRelaysTheFirstAndCancelsTheOthers() {
        Misbehaving silent = new Misbehaving(0);   // subscribes, never signals, records its cancel
        assertEquals(List.of(1, 2), all(Streams.race(List.of(Streams.from(silent),
                Streams.fromIterable(List.of(1, 2))))));
        assertTrue(silent.cancelled, "the loser was cancelled");
    }

    @Test
    void timeoutFailsASilentSource() throws InterruptedException {
        Recorder<Integer> r = new Recorder<>(1);
        Streams.<Integer>produce(e -> new CountDownLatch(1).await()).timeout(Duration.ofMillis(20)).subscribe(r);
        assertInstanceOf(TimeoutException.class, r.await().error);
    }

    @Test
    void intervalTicksInOrder() {
        assertEquals(List.of(0L, 1L, 2L), all(Streams.interval(Duration.ofMillis(1)).take(3)));
    }

    @Test
    void fromStreamClosesTheStreamAndRefusesASecondSubscriber() throws InterruptedException {
        AtomicInteger closed = new AtomicInteger();
        Pipeline<Integer> p = Streams.fromStream(ints(3).stream().onClose(closed::incrementAndGet));
        assertEquals(ints(3), all(p));
        assertEquals(1, closed.get());
        Recorder<Integer> second = new Recorder<>(1);
        p.subscribe(second);
        assertInstanceOf(IllegalStateException.class, second.await().error);
    }

    @Test
    void aSubscriberThatThrowsFromOnNextIsCancelledAndReported() {
        List<Throwable> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.zsync.Config config = io.zsync.Config.builder().uncaughtHandler((t, e) -> reported.add(e)).build();
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException thrown = new IllegalStateException("subscriber bug");
        try (io.zsync.ZsyncRuntime runtime = io.zsync.ZsyncRuntime.create(config)) {
            runtime.spawn(() -> Streams.merge(List.of(Streams.fromIterable(ints(100)))).subscribe(
                    new org.reactivestreams.Subscriber<Integer>() {
                        @Override
                        public void onSubscribe(org.reactivestreams.Subscription s) {
                            s.request(100);
                        }

                        @Override
                        public void onNext(Integer item) {
                            calls.incrementAndGet();
                            throw thrown;
                        }

                        @Override
                        public void onError(Throwable t) {
                            reported.add(new AssertionError("no onError after a throwing onNext", t));
                        }

                        @Override
                        public void onComplete() {
                            reported.add(new AssertionError("no onComplete after a throwing onNext"));
                        }
                    })).await();
        }
        assertEquals(1, calls.get());
        assertEquals(1, reported.size(), reported.toString());
        assertInstanceOf(IllegalStateException.class, reported.get(0));
        assertEquals(thrown, reported.get(0).getCause());
    }
}
