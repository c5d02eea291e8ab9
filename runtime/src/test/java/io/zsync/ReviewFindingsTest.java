package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import io.zsync.channel.UndeliveredElementException;
import io.zsync.sync.Mutex;
import io.zsync.sync.Semaphore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;

/**
 * What a read-only review of this session's runtime changes found, each held by a test: an element handed to a
 * subscription as the channel closes is not lost; firstSuccess does not wait forever for a loser that ignores
 * cancellation; a select whose channel's upstream throws from request() loses no permit; a combinator's grace wait
 * under runTest does not freeze virtual time; select onLock on a mutex the thread owns always fails; a ticker refuses a
 * period it cannot count.
 */
@Timeout(120)
class ReviewFindingsTest {

    /**
     * A producer sends to a rendezvous channel and closes it while its one subscriber's drain loop runs on the
     * subscriber's own requests: every element whose send returned reaches the subscriber or, if it can no longer,
     * the handler; none vanishes.
     */
    @Test
    void anElementHandedToASubscriptionAsTheChannelClosesIsNeverLost() throws Exception {
        for (int round = 0; round < 300; round++) {
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            AtomicInteger received = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            CountDownLatch ended = new CountDownLatch(1);
            Zsync.run(Config.optimal().toBuilder().uncaughtHandler((t, e) -> reported.add(e)).build(), () -> {
                Channel<Integer> c = Zsync.rendezvous();
                AtomicReference<Subscription> sub = new AtomicReference<>();
                c.subscribe(new Subscriber<Integer>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        sub.set(s);
                    }

                    @Override
                    public void onNext(Integer v) {
                        received.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.countDown();
                    }

                    @Override
                    public void onComplete() {
                        ended.countDown();
                    }
                });
                Task<Void> requester = Zsync.spawn(() -> {
                    for (int i = 0; i < 40 && ended.getCount() > 0; i++) {
                        sub.get().request(1);   // the drain loop runs here, on the subscriber's side
                        Thread.onSpinWait();
                    }
                });
                for (int i = 0; i < 8; i++) {
                    if (c.send(i, Duration.ofMillis(5))) {
                        sent.incrementAndGet();
                    }
                }
                c.close();
                requester.join();
                assertTrue(ended.await(10, TimeUnit.SECONDS), "the subscriber saw the end");
            });
            long undelivered = reported.stream().filter(e -> e instanceof UndeliveredElementException).count();
            assertEquals(sent.get(), received.get() + undelivered, "round " + round + ": sent " + sent.get()
                    + ", received " + received.get() + ", reported " + reported);
        }
    }

    @Test
    void firstSuccessDoesNotWaitForeverForALoserThatIgnoresCancellation() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        AtomicInteger stop = new AtomicInteger();
        Config config = Config.optimal().toBuilder().uncaughtHandler((t, e) -> reported.add(e))
                .shutdownGrace(Duration.ofMillis(200)).build();
        Zsync.run(config, () -> {
            Task<String> stubborn = Zsync.spawn("stubborn", () -> {
                while (stop.get() == 0) {
                    Thread.onSpinWait();   // ignores its interrupt
                }
                return "late";
            });
            Task<String> winner = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofMillis(10));
                return "won";
            });
            assertEquals("won", Zsync.firstSuccess(stubborn, winner), "returns after the grace period");
            stop.set(1);
        });
        assertTrue(reported.stream().anyMatch(e -> e.getMessage().contains("'stubborn'")), reported.toString());
    }

    @Test
    void aSelectWhoseChannelsUpstreamThrowsFromRequestLosesNoPermit() throws Exception {
        Semaphore permits = Semaphore.create(1);
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Zsync.run(Config.optimal().toBuilder().uncaughtHandler((t, e) -> reported.add(e)).build(), () -> {
            permits.acquire();   // held: the select must wait on the semaphore and the channel
            Channel<Integer> c = Zsync.rendezvous();
            Flux.<Integer>from(s -> s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    throw new IllegalStateException("request() broke on purpose");   // §3.16 violated
                }

                @Override
                public void cancel() {
                }
            })).subscribe(c);
            ChannelClosedException e = assertThrows(ChannelClosedException.class,
                    () -> Zsync.<String>select().onAcquire(permits, () -> "permit").onRecv(c, v -> "element")
                            .await());
            assertTrue(e.getCause().getMessage().contains("§3.16"), e.getCause().getMessage());
            permits.release();
        });
        assertEquals(1, permits.availablePermits(), "the failed select holds no permit");
    }

    @Test
    void aCombinatorsGraceWaitDoesNotFreezeVirtualTime() throws Exception {
        String r = Zsync.runTest(() -> {
            Task<String> loser = Zsync.spawn(() -> {
                try {
                    Zsync.sleep(Duration.ofHours(1));
                    return "late";
                } catch (TaskCancelledException cancelled) {
                    Thread.interrupted();
                    Zsync.sleep(Duration.ofSeconds(10));   // cleans up for 10 virtual seconds after its cancel
                    return "cleaned up";
                }
            });
            Task<String> winner = Zsync.spawn(() -> "won");
            return Zsync.race(loser, winner);
        });
        assertEquals("won", r, "race waited out the loser's cleanup in virtual time, nothing reported as frozen");
    }

    @Test
    void selectingOnAnOwnedMutexAlwaysFails() throws Exception {
        Mutex m = Mutex.create();
        Channel<String> ready = Zsync.bounded(1);
        m.lock();
        try {
            for (int i = 0; i < 20; i++) {
                ready.trySend("x");
                assertThrows(IllegalStateException.class,
                        () -> Zsync.<String>select().onLock(m, () -> "locked").onRecv(ready, v -> v).await(),
                        "every time, whichever alternative is tried first");
            }
        } finally {
            m.unlock();
        }
        assertFalse(m.isLocked());
    }

    @Test
    void aTickerRefusesAPeriodItCannotCount() throws Exception {
        Zsync.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Zsync.ticker(Duration.ofDays(365L * 1000)));
            assertTrue(e.getMessage().contains("at most 100 years"), e.getMessage());
        });
    }
}
