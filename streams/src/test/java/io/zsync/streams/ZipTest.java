package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** {@code Streams.zip}: rounds of the i-th elements, the end of the shortest source, errors, backpressure. */
@Timeout(30)
class ZipTest {
    private static List<Integer> ints(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static <T> List<T> all(Pipeline<T> p) {
        List<T> out = new ArrayList<>();
        p.toIterable().forEach(out::add);
        return out;
    }

    /** 0, 1, 2 … from a producer task, until cancelled; counts down {@code cancelled} when its subscriber cancels. */
    private static Publisher<Integer> endless(CountDownLatch cancelled) {
        return watched(Streams.produce(emitter -> {
            for (int i = 0; ; i++) {
                emitter.emit(i);
            }
        }), cancelled);
    }

    /** A source that never signals an element, and counts down {@code cancelled} when cancelled. */
    private static Publisher<Integer> silent(CountDownLatch cancelled) {
        return s -> s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        });
    }

    /** {@code source}, counting down {@code cancelled} when its subscriber cancels. */
    private static <T> Publisher<T> watched(Publisher<T> source, CountDownLatch cancelled) {
        return s -> source.subscribe(new Subscriber<T>() {
            @Override
            public void onSubscribe(Subscription sub) {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                        sub.request(n);
                    }

                    @Override
                    public void cancel() {
                        cancelled.countDown();
                        sub.cancel();
                    }
                });
            }

            @Override
            public void onNext(T item) {
                s.onNext(item);
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

    /**
     * {@code source}, with every request it receives recorded in {@code requests} and its outstanding demand (asked
     * for, not yet delivered) at its highest in {@code peak}.
     */
    private static Publisher<Integer> counting(Publisher<Integer> source, List<Long> requests, AtomicLong peak) {
        AtomicLong outstanding = new AtomicLong();
        return s -> source.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription sub) {
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                        requests.add(n);
                        peak.accumulateAndGet(outstanding.addAndGet(n), Math::max);
                        sub.request(n);
                    }

                    @Override
                    public void cancel() {
                        sub.cancel();
                    }
                });
            }

            @Override
            public void onNext(Integer item) {
                outstanding.decrementAndGet();
                s.onNext(item);
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

    // ---- rounds ----

    @Test
    void zipEmitsTheIthElementOfEverySourceAsOneListInTheSourcesOrder() {
        List<List<Integer>> rounds = all(Streams.zip(List.of(
                Streams.fromIterable(ints(0, 100)),
                Streams.fromIterable(ints(100, 200)),
                Streams.fromIterable(ints(200, 300)))));
        assertEquals(100, rounds.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(List.of(i, 100 + i, 200 + i), rounds.get(i));
        }
        assertThrows(UnsupportedOperationException.class, () -> rounds.get(0).set(0, 7), "rounds are unmodifiable");
    }

    @Test
    void zipKeepsTheSourcesOrderWhicheverDeliversFirst() {
        CountDownLatch bDone = new CountDownLatch(1);
        assertEquals(List.of(List.of("a", "b")), all(Streams.zip(List.of(
                Streams.fromCallable(() -> {
                    bDone.await(10, TimeUnit.SECONDS);   // "a" arrives after "b": the list is still a, b
                    return "a";
                }),
                Streams.fromCallable(() -> {
                    bDone.countDown();
                    return "b";
                })))));
    }

    @Test
    void zipOfTwoCombinesEachPair() {
        assertEquals(List.of("a1", "b2", "c3"), all(Streams.zip(Streams.fromIterable(List.of("a", "b", "c")),
                Streams.fromIterable(List.of(1, 2, 3, 4)), (s, i) -> s + i)));
    }

    @Test
    void zipOfNoSourcesCompletesEmpty() throws InterruptedException {
        Recorder<List<Object>> r = new Recorder<>(0);
        Streams.zip(List.<Publisher<Object>>of()).subscribe(r);
        assertTrue(r.await().completed, "completes without a request");
        assertEquals(List.of(), r.items);
    }

    // ---- the end ----

    @Test
    void theShortestSourceEndsItAfterItsLastFullRoundAndTheOthersAreCancelled() throws InterruptedException {
        CountDownLatch firstEnded = new CountDownLatch(1);
        CountDownLatch secondEnded = new CountDownLatch(1);
        List<List<Integer>> rounds = all(Streams.zip(List.of(
                endless(firstEnded), Streams.fromIterable(ints(0, 70)), endless(secondEnded))));
        assertEquals(70, rounds.size(), "every full round, beyond several replenishments");
        assertEquals(List.of(69, 69, 69), rounds.get(69));
        await(firstEnded, "the first endless source to be cancelled");
        await(secondEnded, "the second endless source to be cancelled");
    }

    @Test
    void anEmptySourceCompletesItAtOnceEvenWhenAnotherNeverSignals() throws InterruptedException {
        CountDownLatch cancelled = new CountDownLatch(1);
        Recorder<List<Integer>> r = new Recorder<>(0);
        Streams.zip(List.of(Streams.from(silent(cancelled)), Streams.fromIterable(List.<Integer>of()))).subscribe(r);
        assertTrue(r.await().completed, "completes without a request");
        assertEquals(List.of(), r.items);
        await(cancelled, "the silent source to be cancelled");
    }

    @Test
    void aSourceThatFailsFailsItAtOnceAndTheOthersAreCancelled() throws InterruptedException {
        CountDownLatch otherEnded = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<List<Integer>> r = new Recorder<>(Long.MAX_VALUE);
        Pipeline<Integer> oneThenBoom = Streams.produce(emitter -> {
            emitter.emit(1);
            throw boom;
        });
        Streams.zip(List.of(endless(otherEnded), oneThenBoom)).subscribe(r);
        assertSame(boom, r.await().error);
        assertFalse(r.completed);
        await(otherEnded, "the other source to be cancelled");
    }

    @Test
    void aCombinerThatThrowsFailsItAndCancelsBothSources() throws InterruptedException {
        CountDownLatch aEnded = new CountDownLatch(1);
        CountDownLatch bEnded = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<Integer> r = new Recorder<>(Long.MAX_VALUE);
        Streams.zip(endless(aEnded), endless(bEnded), (x, y) -> {
            if (x == 5) {
                throw boom;
            }
            return x + y;
        }).subscribe(r);
        assertSame(boom, r.await().error);
        assertEquals(List.of(0, 2, 4, 6, 8), r.items);
        await(aEnded, "the first source to be cancelled");
        await(bEnded, "the second source to be cancelled");
    }

    @Test
    void aCombinerThatReturnsNullFailsItWithANullPointerExceptionNamingTheCombiner() throws InterruptedException {
        Recorder<Integer> r = new Recorder<>(10);
        Streams.zip(Streams.fromIterable(ints(0, 5)), Streams.fromIterable(ints(0, 5)),
                (x, y) -> x == 2 ? null : x + y).subscribe(r);
        NullPointerException e = assertInstanceOf(NullPointerException.class, r.await().error);
        assertEquals("zip's combiner returned null; return an element, as elements must not be null (§2.13)",
                e.getMessage());
        assertEquals(List.of(0, 2), r.items);
    }

    @Test
    void cancellingCancelsEverySource() throws InterruptedException {
        CountDownLatch aEnded = new CountDownLatch(1);
        CountDownLatch bCancelled = new CountDownLatch(1);
        Recorder<List<Integer>> r = new Recorder<>(1);
        Streams.zip(List.of(endless(aEnded), Streams.from(silent(bCancelled)))).subscribe(r);
        r.subscription.cancel();
        await(aEnded, "the first source to be cancelled");
        await(bCancelled, "the second source to be cancelled");
        assertEquals(1, r.done.getCount(), "no terminal signal after cancel");
        assertNull(r.error);
    }

    // ---- backpressure ----

    @Test
    void zipEmitsOneRoundPerRequestAndAsksEachSourceForAtMost32Ahead() throws InterruptedException {
        List<Long> aRequests = new CopyOnWriteArrayList<>();
        List<Long> bRequests = new CopyOnWriteArrayList<>();
        AtomicLong aPeak = new AtomicLong();
        AtomicLong bPeak = new AtomicLong();
        Recorder<List<Integer>> r = new Recorder<>(0);
        Streams.zip(List.of(
                counting(Streams.fromIterable(ints(0, 100)), aRequests, aPeak),
                counting(Streams.fromIterable(ints(100, 200)), bRequests, bPeak))).subscribe(r);
        for (int k = 1; k <= 100; k++) {
            r.subscription.request(1);   // the sources emit on this thread: the round, if any, arrives in the call
            assertEquals(k, r.items.size(), "one round per request");
            assertEquals(List.of(k - 1, 99 + k), r.items.get(k - 1));
        }
        assertTrue(r.await().completed);
        assertEquals(32L, aRequests.get(0), "prefetch");
        assertTrue(aRequests.subList(1, aRequests.size()).stream().allMatch(n -> n == 24), "replenished by 24s: "
                + aRequests);
        assertTrue(aRequests.size() > 2, "replenished more than once: " + aRequests);
        assertEquals(aRequests, bRequests, "every round replenishes every source alike");
        assertTrue(aPeak.get() <= 32 && bPeak.get() <= 32, "outstanding demand peaked at " + aPeak + ", " + bPeak);
    }

    @Test
    void requestOfZeroFailsItWithIllegalArgumentExceptionAndCancelsTheSources() throws InterruptedException {
        CountDownLatch cancelled = new CountDownLatch(1);
        Recorder<List<Integer>> r = new Recorder<>(0);
        Streams.zip(List.of(Streams.from(silent(cancelled)), Streams.fromIterable(ints(0, 3)))).subscribe(r);
        r.subscription.request(0);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, r.await().error);
        assertEquals("§3.9 violated: positive request amount required but it was 0", e.getMessage());
        await(cancelled, "the silent source to be cancelled");
    }

    // ---- bad arguments ----

    @Test
    void badArgumentsAreRejectedAtTheCall() {
        Pipeline<Integer> p = Streams.fromIterable(ints(0, 3));
        NullPointerException noList = assertThrows(NullPointerException.class, () -> Streams.zip(null));
        assertEquals("zip: sources must not be null; pass a list of publishers", noList.getMessage());
        NullPointerException nullSource = assertThrows(NullPointerException.class,
                () -> Streams.zip(Arrays.asList(p, null)));
        assertEquals("zip: sources[1] is null; pass only publishers", nullSource.getMessage());
        NullPointerException noA = assertThrows(NullPointerException.class,
                () -> Streams.zip(null, p, (x, y) -> x));
        assertEquals("zip: a must not be null; pass the first publisher", noA.getMessage());
        NullPointerException noB = assertThrows(NullPointerException.class,
                () -> Streams.zip(p, null, (x, y) -> x));
        assertEquals("zip: b must not be null; pass the second publisher", noB.getMessage());
        NullPointerException noCombiner = assertThrows(NullPointerException.class, () -> Streams.zip(p, p, null));
        assertEquals("zip: combiner must not be null; pass the function that makes one element of a pair, for"
                + " example (x, y) -> x + \":\" + y", noCombiner.getMessage());
    }

    /** Waits for {@code latch} within the hang guard. */
    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out waiting for " + what);
    }
}
