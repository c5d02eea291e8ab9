package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;

/**
 * Rendezvous hand-offs under cancellation and close, counted: senders (plain, timed, select) and receivers (plain,
 * timed, select, and subscribers that cancel after a few elements) are cancelled at random and replaced; at the end
 * the channel is closed and drained. Every element whose send returned is received exactly once, and no element whose
 * send failed is received. Scale with {@code -Dzsync.stress.multiplier}.
 */
@Tag("stress")
@Timeout(120)
class RendezvousStressTest {
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 20_000 * Integer.getInteger("zsync.stress.multiplier", 1);
    private static final int TOTAL = SENDERS * PER_SENDER;

    @Test
    void everySentElementIsReceivedExactlyOnceUnderCancellationAndClose() throws Exception {
        Channel<Integer> c = Zsync.rendezvous();
        AtomicIntegerArray sent = new AtomicIntegerArray(TOTAL);
        AtomicIntegerArray received = new AtomicIntegerArray(TOTAL);
        AtomicLong handOffs = new AtomicLong();
        AtomicInteger subscribersCancelled = new AtomicInteger();
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            AtomicIntegerArray next = new AtomicIntegerArray(SENDERS);   // each sender's next index, across restarts
            List<Task<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int id = s;
                senders.add(rt.spawn(() -> send(c, id, next, sent)));
            }
            List<Task<Void>> receivers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                int kind = r;
                receivers.add(rt.spawn(() -> receive(c, kind, received, handOffs)));
            }
            int cancellations = 0;
            while (senders.stream().anyMatch(t -> !t.isDone()) || anyLeft(next)) {
                long mark = handOffs.get() + 200;
                while (handOffs.get() < mark && senders.stream().anyMatch(t -> !t.isDone())) {
                    Thread.yield();   // progress, not time, paces the cancellations
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int victim = random.nextInt(4);
                receivers.get(victim).cancel();
                int kind = victim;
                receivers.set(victim, rt.spawn(() -> receive(c, kind, received, handOffs)));
                int sender = random.nextInt(SENDERS);
                Task<Void> old = senders.get(sender);
                boolean cancel = random.nextInt(4) == 0;
                if (cancel) {
                    old.cancel();
                }
                if (cancel || old.isDone()) {
                    old.join();   // restart a sender only once it ended, so that its indices stay its own
                    if (next.get(sender) < PER_SENDER) {
                        senders.set(sender, rt.spawn(() -> send(c, sender, next, sent)));
                    }
                }
                subscribe(c, received, handOffs, subscribersCancelled);
                cancellations++;
            }
            c.close();
            for (Task<Void> r : receivers) {
                r.join();
            }
            for (int v : c) {   // what a cancelled subscription gave back, if it is still here
                received.incrementAndGet(v);
            }
            assertTrue(cancellations > 0, "the test must have cancelled parties");
        }
        long sentCount = 0;
        for (int i = 0; i < TOTAL; i++) {
            assertTrue(received.get(i) <= 1, "element " + i + " was received " + received.get(i) + " times");
            assertEquals(sent.get(i), received.get(i), "element " + i + ": sent " + sent.get(i) + ", received "
                    + received.get(i));
            sentCount += sent.get(i);
        }
        assertEquals(TOTAL, sentCount, "every element was eventually sent (a cancelled send is retried)");
    }

    private static boolean anyLeft(AtomicIntegerArray next) {
        for (int s = 0; s < SENDERS; s++) {
            if (next.get(s) < PER_SENDER) {
                return true;
            }
        }
        return false;
    }

    /** Sends this sender's remaining elements; cancelled, it stops, and an element it failed to send is retried. */
    private static void send(Channel<Integer> c, int id, AtomicIntegerArray next, AtomicIntegerArray sent) {
        for (int i = next.get(id); i < PER_SENDER; i = next.get(id)) {
            Integer v = id * PER_SENDER + i;
            boolean ok;
            switch (i % 3) {
                case 0 -> {
                    c.send(v);
                    ok = true;
                }
                case 1 -> ok = c.send(v, Duration.ofMillis(1));
                default -> ok = Zsync.<Boolean>select().onSend(c, v, () -> true)
                        .onTimeout(Duration.ofMillis(1), () -> false).await();
            }
            if (ok) {
                sent.incrementAndGet(v);
                next.incrementAndGet(id);
            }
        }
    }

    private static void receive(Channel<Integer> c, int kind, AtomicIntegerArray received, AtomicLong handOffs) {
        try {
            for (;;) {
                ChannelResult<Integer> r = switch (kind) {
                    case 0 -> c.recvCatching();
                    case 1 -> c.recvCatching(Duration.ofMillis(1));
                    default -> Zsync.<ChannelResult<Integer>>select().onRecv(c, ChannelResult::value,
                            () -> ChannelResult.closed(null)).onTimeout(Duration.ofMillis(2), ChannelResult::empty)
                            .await();
                };
                if (r instanceof ChannelResult.Value<Integer>(Integer v)) {
                    received.incrementAndGet(v);
                    handOffs.incrementAndGet();
                } else if (r.isClosed()) {
                    return;
                }
            }
        } catch (TaskCancelledException cancelled) {
            // expected: the test cancels receivers; whatever a cancelled receive was handed, it returned
        }
    }

    /** A subscriber that takes a few elements one request at a time, then cancels. */
    private static void subscribe(Channel<Integer> c, AtomicIntegerArray received, AtomicLong handOffs,
                                          AtomicInteger cancelled) {
        int quota = 1 + ThreadLocalRandom.current().nextInt(5);
        Subscription[] own = new Subscription[1];
        c.subscribe(new Subscriber<Integer>() {
            private int taken;

            @Override
            public void onSubscribe(Subscription s) {
                own[0] = s;
                s.request(2);
            }

            @Override
            public void onNext(Integer v) {
                received.incrementAndGet(v);
                handOffs.incrementAndGet();
                if (++taken >= quota) {
                    own[0].cancel();   // an element on its way to this subscription goes back to the channel
                    cancelled.incrementAndGet();
                } else {
                    own[0].request(1);
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
    }

    /**
     * One sender, one subscriber: the subscriber sees the elements in the order they were sent. The subscription's
     * drain loop looked at its queued interest, a sender then handed the interest element k and queued k + 1, and the
     * loop's take found k + 1 and delivered it first (WiringTest failed on it in CI; in a loop outside
     * Maven about one round in 30 failed, and one in 4 to 14 through a bounded channel). Both kinds of subscriber: a plain one requesting one element at a time
     * from its consumer's thread, and a bounded channel drained by an iterator.
     */
    @Test
    void aSubscriberSeesHandOffsInTheOrderTheyWereSent() throws Exception {
        int rounds = 4_000 * Integer.getInteger("zsync.stress.multiplier", 1);
        int n = 50;
        for (int round = 0; round < rounds; round++) {
            Channel<Integer> source = Zsync.rendezvous();
            Channel<Integer> sink = Zsync.bounded(8);
            Channel<Integer> viaSubscriber = Zsync.unbounded();
            Subscription[] subscription = new Subscription[1];
            if (round % 2 == 0) {
                source.subscribe(sink);
            } else {
                source.subscribe(new Subscriber<Integer>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        subscription[0] = s;
                        s.request(8);
                    }

                    @Override
                    public void onNext(Integer v) {
                        viaSubscriber.trySend(v);
                    }

                    @Override
                    public void onError(Throwable t) {
                        viaSubscriber.close(t);
                    }

                    @Override
                    public void onComplete() {
                        viaSubscriber.close();
                    }
                });
            }
            Thread producer = Thread.ofVirtual().start(() -> {
                try (source) {
                    for (int i = 0; i < n; i++) {
                        source.send(i);
                    }
                }
            });
            List<Integer> got = new ArrayList<>();
            for (int v : round % 2 == 0 ? sink : viaSubscriber) {
                got.add(v);
                if (round % 2 == 1) {
                    subscription[0].request(1);
                }
            }
            producer.join(10_000);
            assertEquals(n, got.size(), "round " + round + ": " + got);
            for (int i = 0; i < n; i++) {
                assertEquals(i, got.get(i), "round " + round + ": " + got);
            }
        }
    }

    @Test
    void anUpstreamsElementsReachReceiversThatTimeOutExactlyOnce() throws Exception {
        int n = 20_000;
        Channel<Integer> c = Zsync.rendezvous();
        Flux.range(0, n).subscribe(c);
        AtomicIntegerArray received = new AtomicIntegerArray(n);
        List<Thread> receivers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            receivers.add(Thread.ofVirtual().start(() -> {
                for (;;) {
                    // short timeouts: receivers give up after their demand went upstream, so elements land in
                    // the channel's hold and later receivers take them
                    ChannelResult<Integer> got = c.recvCatching(Duration.ofNanos(ThreadLocalRandom.current()
                            .nextInt(1, 50_000)));
                    if (got instanceof ChannelResult.Value<Integer>(Integer v)) {
                        received.incrementAndGet(v);
                    } else if (got.isClosed()) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : receivers) {
            t.join(60_000);
            assertTrue(!t.isAlive(), "a receiver is stuck");
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, received.get(i), "element " + i + " received " + received.get(i) + " times");
        }
    }
}
