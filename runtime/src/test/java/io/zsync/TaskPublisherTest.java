package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Timeout(30)
class TaskPublisherTest {
    private final RecordingHandler handler = new RecordingHandler();
    private final ZsyncRuntime rt = ZsyncRuntime.create(
            RecordingHandler.config(ExecutionModel.VIRTUAL_THREADS, handler));

    @AfterEach
    void close() {
        rt.close();
    }

    /** Records signals; requests only when told. */
    static final class Recorder<T> implements Subscriber<T>, Flow.Subscriber<T> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final CountDownLatch terminated = new CountDownLatch(1);
        final AtomicReference<Subscription> rs = new AtomicReference<>();
        final AtomicReference<Flow.Subscription> flow = new AtomicReference<>();

        @Override
        public void onSubscribe(Subscription s) {
            rs.set(s);
            signals.add("onSubscribe");
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            flow.set(s);
            signals.add("onSubscribe");
        }

        @Override
        public void onNext(T item) {
            signals.add("onNext(" + item + ")");
        }

        @Override
        public void onError(Throwable t) {
            signals.add("onError(" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")");
            terminated.countDown();
        }

        @Override
        public void onComplete() {
            signals.add("onComplete");
            terminated.countDown();
        }

        void awaitTerminal() throws InterruptedException {
            assertTrue(terminated.await(10, TimeUnit.SECONDS), "no terminal signal: " + signals);
        }
    }

    @Test
    void reactorReadsATaskAsAMono() {
        Task<String> t = rt.spawn(() -> "value");
        assertEquals("value", Mono.from(t).block(Duration.ofSeconds(10)));
        assertEquals(List.of("value"), Flux.from(t).collectList().block(Duration.ofSeconds(10)));
        Task<Void> empty = rt.spawn(() -> { });
        assertNull(Mono.from(empty).block(Duration.ofSeconds(10)));
        Task<String> failing = rt.spawn(() -> {
            throw new IllegalStateException("nope");
        });
        assertEquals("nope", assertThrows(IllegalStateException.class,
                () -> Mono.from(failing).block(Duration.ofSeconds(10))).getMessage());
        assertEquals(List.of(), handler.failures, "a subscriber observed the failure");
    }

    @Test
    void nothingIsEmittedBeforeRequestAndTheResultComesOnRequest() throws InterruptedException {
        Task<Integer> t = rt.spawn(() -> 42);
        t.join();
        Recorder<Integer> r = new Recorder<>();
        t.subscribe((Subscriber<Integer>) r);
        assertEquals(List.of("onSubscribe"), r.signals, "a done task emits only on request, in the request call");
        r.rs.get().request(1);
        r.awaitTerminal();
        assertEquals(List.of("onSubscribe", "onNext(42)", "onComplete"), r.signals);
    }

    @Test
    void flowSubscribersGetTheSameSignals() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Task<Integer> t = rt.spawn(() -> {
            release.await();
            return 7;
        });
        Recorder<Integer> r = new Recorder<>();
        t.subscribe((Flow.Subscriber<Integer>) r);
        r.flow.get().request(Long.MAX_VALUE);
        release.countDown();
        r.awaitTerminal();
        assertEquals(List.of("onSubscribe", "onNext(7)", "onComplete"), r.signals);
    }

    @Test
    void requestZeroSignalsIllegalArgumentPerRule309() throws InterruptedException {
        Task<Integer> t = rt.spawn(() -> 1);
        Recorder<Integer> r = new Recorder<>();
        t.subscribe((Subscriber<Integer>) r);
        r.rs.get().request(0);
        r.awaitTerminal();
        assertEquals(2, r.signals.size(), r.signals.toString());
        assertTrue(r.signals.get(1).startsWith("onError(IllegalArgumentException: §3.9 violated: positive request"
                + " amount required but it was 0"), r.signals.toString());
        r.rs.get().request(1);
        t.join();
        Recorder<Integer> later = new Recorder<>();   // subscribed after: its signals come after any for r
        t.subscribe((Subscriber<Integer>) later);
        later.rs.get().request(1);
        later.awaitTerminal();
        assertEquals(2, r.signals.size(), "nothing after a terminal signal: " + r.signals);
    }

    @Test
    void cancellingTheSubscriptionOnlyUnsubscribes() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Task<Integer> t = rt.spawn(() -> {
            release.await();
            return 1;
        });
        Recorder<Integer> r = new Recorder<>();
        t.subscribe((Subscriber<Integer>) r);
        r.rs.get().request(1);
        r.rs.get().cancel();
        r.rs.get().cancel();
        release.countDown();
        assertEquals(1, t.await(), "the task kept running");
        Recorder<Integer> later = new Recorder<>();   // completion signals every subscriber in one pass
        t.subscribe((Subscriber<Integer>) later);
        later.rs.get().request(1);
        later.awaitTerminal();
        assertEquals(List.of("onSubscribe"), r.signals);
    }

    @Test
    void aCancelledTaskSignalsTaskCancelledException() throws InterruptedException {
        Task<Void> t = rt.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
        Recorder<Void> r = new Recorder<>();
        t.subscribe((Subscriber<Void>) r);
        t.cancel();
        r.awaitTerminal();
        assertTrue(r.signals.get(1).startsWith("onError(TaskCancelledException"), r.signals.toString());
    }

    @Test
    void aSubscriberThatThrowsFromOnNextIsReportedNotPropagated() throws InterruptedException {
        Task<Integer> t = rt.spawn(() -> 1);
        RuntimeException broken = new RuntimeException("subscriber bug");
        t.subscribe(new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(Integer integer) {
                throw broken;
            }

            @Override
            public void onError(Throwable e) {
            }

            @Override
            public void onComplete() {
            }
        });
        Throwable reported = handler.awaitFailures(1).get(0);
        assertInstanceOf(IllegalStateException.class, reported);
        assertTrue(reported.getMessage().contains("§2.13"), reported.getMessage());
        assertSame(broken, reported.getCause());
    }

    @Test
    void nullSubscriberThrowsNullPointer() {
        Task<Integer> t = rt.spawn(() -> 1);
        assertThrows(NullPointerException.class, () -> t.subscribe((Subscriber<Integer>) null));
        assertThrows(NullPointerException.class, () -> t.subscribe((Flow.Subscriber<Integer>) null));
    }
}
