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
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
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

    /** 0, 1, 2 … from a producer task, until cancelled. */
    private static Watched endless() {
        return new Watched(Streams.produce(emitter -> {
            for (int i = 0; ; i++) {
                emitter.emit(i);
            }
        }));
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

    /**
     * A source, seen from its one subscriber's side: every request it receives, its outstanding demand (asked for,
     * not yet delivered) at its highest, and its cancel.
     */
    private static final class Watched implements Publisher<Integer> {
        final List<Long> requests = new CopyOnWriteArrayList<>();
        final AtomicLong peak = new AtomicLong();
        final CountDownLatch cancelled = new CountDownLatch(1);
        private final AtomicLong outstanding = new AtomicLong();
        private final Publisher<Integer> source;

        Watched(Publisher<Integer> source) {
            this.source = source;
        }

        @Override
        public void subscribe(Subscriber<? super Integer> s) {
            source.subscribe(new Subscriber<Integer>() {
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
                            cancelled.countDown();
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
        Watched first = endless();
        Watched second = endless();
        List<List<Integer>> rounds = all(Streams.zip(List.of(first, Streams.fromIterable(ints(0, 70)), second)));
        assertEquals(70, rounds.size(), "every full round, beyond several replenishments");
        assertEquals(List.of(69, 69, 69), rounds.get(69));
        await(first.cancelled, "the first endless source to be cancelled");
        await(second.cancelled, "the second endless source to be cancelled");
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
        Watched other = endless();
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<List<Integer>> r = new Recorder<>(Long.MAX_VALUE);
        Pipeline<Integer> oneThenBoom = Streams.produce(emitter -> {
            emitter.emit(1);
            throw boom;
        });
        Streams.zip(List.of(other, oneThenBoom)).subscribe(r);
        assertSame(boom, r.await().error);
        assertFalse(r.completed);
        await(other.cancelled, "the other source to be cancelled");
    }

    @Test
    void aCombinerThatThrowsFailsItAndCancelsBothSources() throws InterruptedException {
        Watched a = endless();
        Watched b = endless();
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<Integer> r = new Recorder<>(Long.MAX_VALUE);
        Streams.zip(a, b, (x, y) -> {
            if (x == 5) {
                throw boom;
            }
            return x + y;
        }).subscribe(r);
        assertSame(boom, r.await().error);
        assertEquals(List.of(0, 2, 4, 6, 8), r.items);
        await(a.cancelled, "the first source to be cancelled");
        await(b.cancelled, "the second source to be cancelled");
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
        Watched a = endless();
        CountDownLatch bCancelled = new CountDownLatch(1);
        Recorder<List<Integer>> r = new Recorder<>(1);
        Streams.zip(List.of(a, silent(bCancelled))).subscribe(r);
        r.subscription.cancel();
        await(a.cancelled, "the first source to be cancelled");
        await(bCancelled, "the second source to be cancelled");
        assertEquals(1, r.done.getCount(), "no terminal signal after cancel");
        assertNull(r.error);
    }

    // ---- backpressure ----

    @Test
    void zipEmitsOneRoundPerRequestAndAsksEachSourceForAtMost32Ahead() throws InterruptedException {
        Watched a = new Watched(Streams.fromIterable(ints(0, 100)));
        Watched b = new Watched(Streams.fromIterable(ints(100, 200)));
        Recorder<List<Integer>> r = new Recorder<>(0);
        Streams.zip(List.of(a, b)).subscribe(r);
        for (int k = 1; k <= 100; k++) {
            r.subscription.request(1);   // the sources emit on this thread: the round, if any, arrives in the call
            assertEquals(k, r.items.size(), "one round per request");
            assertEquals(List.of(k - 1, 99 + k), r.items.get(k - 1));
        }
        assertTrue(r.await().completed);
        assertEquals(32L, a.requests.get(0), "prefetch");
        assertTrue(a.requests.subList(1, a.requests.size()).stream().allMatch(n -> n == 24), "replenished by 24s: "
                + a.requests);
        assertTrue(a.requests.size() > 2, "replenished more than once: " + a.requests);
        assertEquals(a.requests, b.requests, "every round replenishes every source alike");
        assertTrue(a.peak.get() <= 32 && b.peak.get() <= 32, "outstanding demand peaked at " + a.peak + ", "
                + b.peak);
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

    @Test
    void aRequestAfterTheEndIsANoOpEvenABadOne() throws InterruptedException {
        Recorder<List<Integer>> r = new Recorder<>(1);
        Streams.zip(List.of(Streams.fromIterable(ints(0, 3)), Streams.fromIterable(List.<Integer>of()))).subscribe(r);
        assertTrue(r.await().completed);
        r.subscription.request(0);   // §3.6: nothing is signalled, and nothing reaches the uncaught handler
        r.subscription.request(5);
        assertEquals(List.of(), r.items);
        assertNull(r.error);
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

    // ---- the operator kit's protocol checks (see OperatorKit) ----

    private static final Function<Publisher<Integer>, Publisher<?>> KIT_OPERATOR =
            up -> Streams.zip(up, Streams.fromIterable(List.of(1, 2, 3)), Integer::sum);

    private final OperatorKit kit = new OperatorKit();

    @AfterEach
    void closeKit() {
        kit.close();
    }

    @Test
    void aSecondOnSubscribeIsCancelledAndReported() {
        kit.secondOnSubscribeIsCancelledAndReported(KIT_OPERATOR);
    }

    @Test
    void requestZeroFailsTheStream() throws Exception {
        kit.requestZeroFails(KIT_OPERATOR);
    }

    @Test
    void aLateErrorFromAForeignThreadReachesTheHandlerOfTheRuntimeThatBuiltIt() throws Exception {
        kit.lateErrorReachesTheHandler(KIT_OPERATOR);
    }

    @Test
    void anErrorAfterCancelReachesTheHandlerOfTheRuntimeThatBuiltIt() throws Exception {
        kit.errorAfterCancelReachesTheHandler(KIT_OPERATOR);
    }

    @Test
    void anUpstreamThatEmitsWithoutDemandFailsTheStream() throws Exception {
        kit.emitWithoutDemandFails(KIT_OPERATOR);
    }

    @Test
    void aCancelRacingOnNextCancelsTheUpstreamAndReportsNothing() throws Exception {
        kit.cancelRacingOnNext(KIT_OPERATOR);
    }
}
