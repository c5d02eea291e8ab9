package io.zsync.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import io.zsync.streams.AsyncIterator;
import io.zsync.streams.Pipeline;
import io.zsync.streams.StreamFailedException;
import io.zsync.streams.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** zsync's channels, tasks, iterators and pipelines with the real Reactor 3. */
@Timeout(60)
class ReactorInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());

    @AfterEach
    void close() {
        runtime.close();
    }

    private static List<Integer> ints(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void fluxFromAChannelFedByATask() {
        Channel<Integer> channel = Zsync.bounded(16);
        runtime.spawn(() -> {
            for (int i = 0; i < 1000; i++) {
                channel.send(i);
            }
            channel.close();
        });
        assertEquals(ints(1000), Flux.from(channel).collectList().block(WAIT));
    }

    @Test
    void aChannelSubscribedToAFluxNeverHasMoreOutstandingDemandThanItsCapacity() throws Exception {
        int capacity = 8;
        AtomicLong outstanding = new AtomicLong();
        AtomicLong peak = new AtomicLong();
        AtomicInteger requests = new AtomicInteger();
        Channel<Integer> channel = Zsync.bounded(capacity);
        Flux.range(0, 2_000)
                .doOnRequest(n -> {
                    requests.incrementAndGet();
                    peak.accumulateAndGet(outstanding.addAndGet(n), Math::max);
                })
                .doOnNext(i -> outstanding.decrementAndGet())
                .subscribeOn(Schedulers.single())
                .subscribe(channel);
        Task<Long> slowConsumer = runtime.spawn(() -> {
            long sum = 0;
            for (Integer i : channel) {
                sum += i;
                if (i % 50 == 0) {
                    LockSupport.parkNanos(200_000);   // slow: the producer must wait for room
                }
            }
            return sum;
        });
        assertEquals(1999L * 2000 / 2, slowConsumer.await(WAIT));
        assertTrue(peak.get() <= capacity, "outstanding demand peaked at " + peak.get());
        assertTrue(requests.get() > 2_000 / capacity / 2, "asked in small amounts: " + requests.get() + " requests");
    }

    @Test
    void reactorTakeFiveCancelsOurSource() throws InterruptedException {
        CountDownLatch producerEnded = new CountDownLatch(1);
        AtomicInteger emitted = new AtomicInteger();
        Pipeline<Integer> endless = Streams.produce(emitter -> {
            try {
                for (int i = 0; ; i++) {
                    emitter.emit(i);
                    emitted.incrementAndGet();
                }
            } finally {
                producerEnded.countDown();
            }
        });
        assertEquals(List.of(0, 1, 2, 3, 4), Flux.from(endless).take(5).collectList().block(WAIT));
        assertTrue(producerEnded.await(10, TimeUnit.SECONDS), "the producer was cancelled");
        assertTrue(emitted.get() <= 5 + 1, "emitted " + emitted.get());
    }

    @Test
    void closingOurIteratorCancelsTheFlux() throws InterruptedException {
        CountDownLatch cancelled = new CountDownLatch(1);
        Flux<Integer> endless = Flux.range(0, Integer.MAX_VALUE).doOnCancel(cancelled::countDown);
        List<Integer> first = new ArrayList<>();
        try (AsyncIterator<Integer> it = Streams.from(endless).iterator(32)) {
            while (first.size() < 100) {
                first.add(it.next());
            }
        }
        assertEquals(ints(100), first);
        assertTrue(cancelled.await(10, TimeUnit.SECONDS), "closing the iterator cancelled the Flux");
    }

    @Test
    void aFluxErrorReachesOurIteratorAndOurChannel() {
        IllegalStateException boom = new IllegalStateException("boom");
        Flux<Integer> failing = Flux.concat(Flux.just(1), Flux.error(boom));
        try (AsyncIterator<Integer> it = Streams.from(failing).iterator()) {
            assertEquals(1, it.next());
            assertSame(boom, assertThrows(StreamFailedException.class, it::hasNext).getCause());
        }
        Channel<Integer> channel = Zsync.bounded(4);
        failing.subscribe(channel);
        assertEquals(1, channel.recv());
        assertSame(boom, assertThrows(ChannelClosedException.class, channel::recv).getCause());
    }

    @Test
    void ourErrorReachesReactor() {
        Pipeline<Integer> failing = Streams.fromCallable(() -> {
            throw new IllegalStateException("from a task");
        });
        StepVerifier.create(Flux.from(failing))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalStateException.class, e);
                    assertEquals("from a task", e.getMessage());
                })
                .verify(WAIT);
    }

    @Test
    void stepVerifierSeesOurBackpressure() {
        StepVerifier.create(Flux.from(Streams.fromIterable(List.of(1, 2, 3)).map(i -> i * 10)), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(20))
                .thenRequest(1)
                .expectNext(10)
                .thenRequest(2)
                .expectNext(20, 30)
                .verifyComplete();
    }

    @Test
    void stepVerifierOnMapConcurrentAndBatch() {
        StepVerifier.create(Flux.from(Streams.fromIterable(ints(10))
                        .mapConcurrent(4, i -> {
                            Zsync.sleep(1);
                            return i;
                        })
                        .batch(5, Duration.ofSeconds(30))))
                .assertNext(b -> assertEquals(ints(5), b))
                .assertNext(b -> assertEquals(List.of(5, 6, 7, 8, 9), b))
                .verifyComplete();
    }

    @Test
    void aMonoAwaitedFromATask() throws Exception {
        String result = Zsync.run(() -> {
            Mono<String> mono = Mono.delay(Duration.ofMillis(10)).map(tick -> "hello from Reactor");
            return Interop.toTask(mono.toFuture()).await();
        });
        assertEquals("hello from Reactor", result);
    }

    @Test
    void aTaskAsAMono() {
        Task<Integer> task = runtime.spawn(() -> 6 * 7);
        StepVerifier.create(Mono.from(task)).expectNext(42).verifyComplete();
    }
}
