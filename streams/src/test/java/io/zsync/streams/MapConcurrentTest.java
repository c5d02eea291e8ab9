package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.TaskCancelledException;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;

/** {@code mapConcurrent} (input order) and {@code mapConcurrentUnordered} (completion order). */
@Timeout(30)
class MapConcurrentTest {
    private static List<Integer> ints(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static <T> List<T> all(Pipeline<T> p) {
        List<T> out = new ArrayList<>();
        p.toIterable().forEach(out::add);
        return out;
    }

    /** Waits for {@code latch} inside a call; a latch that never opens fails the call, so the stream, not the JVM. */
    private static void await(CountDownLatch latch) throws InterruptedException, TimeoutException {
        if (!latch.await(10, TimeUnit.SECONDS)) {
            throw new TimeoutException("a latch the test waits for did not open within 10 s");
        }
    }

    private static <R> Pipeline<R> mapConcurrent(boolean ordered, Pipeline<Integer> source, int maxConcurrency,
                                                 BlockingFunction<Integer, R> fn) {
        return ordered ? source.mapConcurrent(maxConcurrency, fn) : source.mapConcurrentUnordered(maxConcurrency, fn);
    }

    /** An endless source whose producer task counts down {@code ended} when it stops (cancelled). */
    private static Pipeline<Integer> endless(CountDownLatch ended) {
        return Streams.produce(emitter -> {
            try {
                for (int i = 0; ; i++) {
                    emitter.emit(i);
                }
            } finally {
                ended.countDown();
            }
        });
    }

    // ---- ordered ----

    @Test
    void mapConcurrentEmitsInInputOrderWhileCallsFinishLastToFirst() {
        int max = 8;
        int groups = 4;
        int n = max * groups;
        CountDownLatch[] groupRunning = new CountDownLatch[groups];   // every call of group g has started
        CountDownLatch[] finished = new CountDownLatch[n];             // call i is about to return
        for (int g = 0; g < groups; g++) {
            groupRunning[g] = new CountDownLatch(max);
        }
        for (int i = 0; i < n; i++) {
            finished[i] = new CountDownLatch(1);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> finishOrder = new CopyOnWriteArrayList<>();
        List<Integer> out = all(Streams.fromIterable(ints(n)).mapConcurrent(max, i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                CountDownLatch group = groupRunning[i / max];
                group.countDown();
                await(group);                      // max calls at once: the whole group
                if (i % max != max - 1) {
                    await(finished[i + 1]);        // then each waits for the next: they finish last to first
                }
                finishOrder.add(i);
                return i * 10;
            } finally {
                running.decrementAndGet();
                finished[i].countDown();
            }
        }));
        assertEquals(ints(n).stream().map(i -> i * 10).toList(), out);
        List<Integer> lastToFirst = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int k = max - 1; k >= 0; k--) {
                lastToFirst.add(g * max + k);
            }
        }
        assertEquals(lastToFirst, finishOrder, "the calls finished out of order, as arranged");
        assertEquals(max, peak.get(), "max calls ran at once, never more");
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void noCallStartsMoreThanMaxConcurrencyElementsAheadOfTheLastEmitted(boolean ordered) {
        int max = 4;
        int n = 60;
        AtomicInteger emitted = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        Pipeline<Integer> mapped = mapConcurrent(ordered, Streams.fromIterable(ints(n)), max, i -> {
            // element i is asked for only when i - max + 1 elements have left the window, here all by emission
            int e = emitted.get();
            if (i >= e + max) {
                violations.add("call " + i + " started when " + e + " had been emitted");
            }
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep((max - i % max) * 3L);   // the first of each four slowest: later calls finish first
                return i;
            } finally {
                running.decrementAndGet();
            }
        });
        List<Integer> out = all(mapped.map(i -> {
            emitted.incrementAndGet();
            return i;
        }));
        assertEquals(List.of(), violations);
        assertTrue(peak.get() <= max, "peak " + peak.get());
        assertEquals(ints(n), ordered ? out : out.stream().sorted().toList());
    }

    @Test
    void mapConcurrentEmitsOneResultPerRequestInOrder() throws InterruptedException {
        int max = 4;
        int n = 20;
        Recorder<Integer> r = new Recorder<>(0);
        Streams.fromIterable(ints(n)).mapConcurrent(max, i -> {
            Thread.sleep((max - i % max) * 2L);
            return i;
        }).subscribe(r);
        for (int k = 1; k <= n; k++) {
            r.subscription.request(1);
            int expected = k;
            Waits.until(() -> r.items.size() >= expected, k + " elements");
            assertEquals(ints(k), r.items, "one more element per request, in order");
        }
        assertTrue(r.await().completed, "completes after the last element, without another request");
        assertEquals(ints(n), r.items);
    }

    @ParameterizedTest(name = "maxConcurrency={0}")
    @ValueSource(ints = {1, 3})
    void mapConcurrentDropsNullResultsAndKeepsTheOrderOfTheRest(int max) {
        List<Integer> out = all(Streams.fromIterable(ints(30)).mapConcurrent(max, i -> {
            Thread.sleep(i % 3);
            return i % 3 == 0 ? null : i;   // null emits nothing, and still makes room for the next element
        }));
        assertEquals(ints(30).stream().filter(i -> i % 3 != 0).toList(), out);
    }

    // ---- unordered ----

    @Test
    void mapConcurrentUnorderedEmitsInCompletionOrder() {
        CountDownLatch oneEmitted = new CountDownLatch(1);
        List<Integer> out = all(Streams.fromIterable(ints(2)).mapConcurrentUnordered(2, i -> {
            if (i == 0) {
                await(oneEmitted);   // 0 finishes only once 1 has gone downstream
            }
            return i;
        }).map(i -> {
            if (i == 1) {
                oneEmitted.countDown();
            }
            return i;
        }));
        assertEquals(List.of(1, 0), out);
    }

    @Test
    void mapConcurrentUnorderedRunsBlockingCallsConcurrentlyButNeverAboveTheLimit() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch firstTwo = new CountDownLatch(2);   // the first two calls wait for each other: concurrency shown
        List<Integer> out = all(Streams.fromIterable(ints(200)).mapConcurrentUnordered(8, i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            firstTwo.countDown();
            firstTwo.await(10, TimeUnit.SECONDS);   // (a hang guard; later calls pass at once)
            running.decrementAndGet();
            return i % 10 == 0 ? null : i;   // null emits nothing
        }));
        assertEquals(ints(200).stream().filter(i -> i % 10 != 0).toList(), out.stream().sorted().toList());
        assertTrue(peak.get() <= 8, "peak " + peak.get());
        assertTrue(peak.get() > 1, "ran concurrently: peak " + peak.get());
    }

    // ---- errors and cancellation ----

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void aFailingCallCancelsUpstreamAndTheRunningCallsAndFailsTheStream(boolean ordered) throws Exception {
        CountDownLatch upstreamEnded = new CountDownLatch(1);
        CountDownLatch headRunning = new CountDownLatch(1);
        CountDownLatch headInterrupted = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder<Integer> r = new Recorder<>(Long.MAX_VALUE);
        mapConcurrent(ordered, endless(upstreamEnded), 4, i -> {
            if (i == 0) {
                headRunning.countDown();
                try {
                    new CountDownLatch(1).await();   // until interrupted
                } catch (InterruptedException e) {
                    headInterrupted.countDown();
                    throw e;
                }
            }
            if (i == 1) {
                await(headRunning);
                throw boom;
            }
            return i;
        }).subscribe(r);
        assertSame(boom, r.await().error);
        assertTrue(headInterrupted.await(10, TimeUnit.SECONDS), "the running call was interrupted");
        assertTrue(upstreamEnded.await(10, TimeUnit.SECONDS), "upstream was cancelled");
        if (ordered) {
            assertEquals(List.of(), r.items, "results after the blocked head were never emitted");
        }
        assertFalse(r.completed);
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void cancellingInterruptsTheRunningCallsAndCancelsUpstream(boolean ordered) throws Exception {
        CountDownLatch upstreamEnded = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch interrupted = new CountDownLatch(2);
        Recorder<Integer> r = new Recorder<>(10);
        mapConcurrent(ordered, endless(upstreamEnded), 2, i -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();   // until interrupted
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return i;
        }).subscribe(r);
        assertTrue(running.await(10, TimeUnit.SECONDS));
        r.subscription.cancel();
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "both running calls were interrupted");
        assertTrue(upstreamEnded.await(10, TimeUnit.SECONDS), "upstream was cancelled");
        assertEquals(1, r.done.getCount(), "no terminal signal after cancel");
        assertNull(r.error);
    }

    @ParameterizedTest(name = "ordered={0}")
    @ValueSource(booleans = {true, false})
    void requestOfZeroFailsTheStreamWithIllegalArgumentException(boolean ordered) throws InterruptedException {
        Recorder<Integer> r = new Recorder<>(0);
        mapConcurrent(ordered, Streams.fromIterable(ints(10)), 2, i -> i).subscribe(r);
        r.subscription.request(0);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, r.await().error);
        assertEquals("§3.9 violated: positive request amount required but it was 0", e.getMessage());
    }

    // ---- bad arguments ----

    @ParameterizedTest(name = "maxConcurrency={0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void maxConcurrencyBelowOneIsRejectedAtTheCall(int maxConcurrency) {
        Pipeline<Integer> p = Streams.fromIterable(ints(3));
        IllegalArgumentException ordered = assertThrows(IllegalArgumentException.class,
                () -> p.mapConcurrent(maxConcurrency, i -> i));
        assertEquals("mapConcurrent: maxConcurrency must be >= 1 but was " + maxConcurrency
                + "; pass 1 to call fn for one element at a time, or how many calls may run at once",
                ordered.getMessage());
        IllegalArgumentException unordered = assertThrows(IllegalArgumentException.class,
                () -> p.mapConcurrentUnordered(maxConcurrency, i -> i));
        assertEquals("mapConcurrentUnordered: maxConcurrency must be >= 1 but was " + maxConcurrency
                + "; pass 1 to call fn for one element at a time, or how many calls may run at once",
                unordered.getMessage());
    }

    @Test
    void aNullFunctionIsRejectedAtTheCall() {
        Pipeline<Integer> p = Streams.fromIterable(ints(3));
        NullPointerException ordered = assertThrows(NullPointerException.class, () -> p.mapConcurrent(4, null));
        assertEquals("mapConcurrent: fn must not be null; pass the (possibly blocking) function to call for each"
                + " element", ordered.getMessage());
        NullPointerException unordered = assertThrows(NullPointerException.class,
                () -> p.mapConcurrentUnordered(4, null));
        assertEquals("mapConcurrentUnordered: fn must not be null; pass the (possibly blocking) function to call for"
                + " each element", unordered.getMessage());
    }

    // ---- the operator kit's protocol checks (see OperatorKit) ----

    private static final Function<Publisher<Integer>, Publisher<?>> KIT_OPERATOR =
            up -> Streams.from(up).mapConcurrent(4, i -> i);

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

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCallFailingAfterTheSubscriberCancelledReachesTheHandlerOfTheRuntimeThatBuiltIt(boolean ordered)
            throws Exception {
        CountDownLatch calling = new CountDownLatch(1);
        IllegalStateException cleanupFailed = new IllegalStateException("cleanup failed after the cancel");
        Pipeline<Integer> p = kit.build(() -> mapConcurrent(ordered, Streams.fromIterable(List.of(1)), 1, i -> {
            calling.countDown();
            try {
                new CountDownLatch(1).await();   // until cancelled
            } catch (InterruptedException echo) {
                throw cleanupFailed;   // news, not the echo of the cancel: it must be reported
            }
            return i;
        }));
        Recorder<Integer> r = new Recorder<>(1);
        p.subscribe(r);
        await(calling);
        r.subscription.cancel();
        assertEquals(List.of(cleanupFailed), kit.awaitReported(1));
    }

    @Test
    void theEchoOfItsOwnCancelIsNotReported() throws Exception {
        CountDownLatch calling = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Pipeline<Integer> p = kit.build(() -> Streams.fromIterable(List.of(1)).mapConcurrent(1, i -> {
            calling.countDown();
            try {
                new CountDownLatch(1).await();   // until cancelled: the InterruptedException is the echo
            } finally {
                ended.countDown();
            }
            return i;
        }));
        Recorder<Integer> r = new Recorder<>(1);
        p.subscribe(r);
        await(calling);
        r.subscription.cancel();
        await(ended);
        kit.runtime.close();   // waits for the call's task: whatever it reports has been reported
        assertEquals(List.of(), kit.reported);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closingTheRuntimeUnderARunningCallEndsTheStreamWithTaskCancelledException(boolean ordered)
            throws Exception {
        ZsyncRuntime builder = ZsyncRuntime.create(Config.optimal());
        CountDownLatch calling = new CountDownLatch(1);
        Pipeline<Integer> p = builder.spawn(() -> mapConcurrent(ordered, Streams.fromIterable(List.of(1)), 1, i -> {
            calling.countDown();
            new CountDownLatch(1).await();   // until its runtime closes: the InterruptedException is no failure
            return i;
        })).await();
        Recorder<Integer> r = new Recorder<>(1);
        p.subscribe(r);
        await(calling);
        builder.close();
        r.await();
        assertInstanceOf(TaskCancelledException.class, r.error, "completed: " + r.completed);
    }
}
