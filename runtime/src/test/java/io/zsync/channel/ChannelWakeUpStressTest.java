package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * No wake-up is ever lost. First, pairs: one sender and one receiver per channel of capacity 1 or 2, each side in
 * every form — {@code send}, a select send, {@code recv}, a select receive, a subscriber requesting one at a time,
 * an upstream publisher — all pairs at once; a wake-up lost on either side stops its pair for good, and the hang
 * guard fails the test. Then crowds: every wait here is untimed and nobody polls — blocking senders, blocking receivers, a
 * select receiver, a Reactive Streams subscriber requesting one at a time, and (in the gated case) an upstream
 * publisher beside the senders, whose completion closes the channel — on channels of capacity 1 and 2, where nearly
 * every operation waits. A lost wake-up leaves a party parked forever, and the hang guard fails the test. Every
 * element is counted: each one sent (or delivered by the upstream) is received exactly once. Length scales with
 * {@code -Dzsync.stress.multiplier}.
 */
@Tag("stress")
@Timeout(120)
class ChannelWakeUpStressTest {
    private static final int PER_PRODUCER = 40_000 * Integer.getInteger("zsync.stress.multiplier", 1);
    private static final int PRODUCERS = 3;

    private static final int PER_PAIR = 50_000 * Integer.getInteger("zsync.stress.multiplier", 1);

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyKindOfSenderAndReceiverPairedAlwaysWakesTheOther(int capacity) throws InterruptedException {
        List<Channel<Integer>> channels = new ArrayList<>();
        List<CountDownLatch> done = new ArrayList<>();
        List<AtomicLong> sums = new ArrayList<>();
        String[] senders = {"send", "select send", "upstream"};
        String[] receivers = {"recv", "select recv", "subscriber"};
        for (String sender : senders) {
            for (String receiver : receivers) {
                Channel<Integer> c = Zsync.bounded(capacity);
                CountDownLatch finished = new CountDownLatch(1);
                AtomicLong sum = new AtomicLong();
                channels.add(c);
                done.add(finished);
                sums.add(sum);
                startReceiver(receiver, c, sum, finished);
                startSender(sender, c);
            }
        }
        for (int i = 0; i < done.size(); i++) {
            String pair = senders[i / receivers.length] + " → " + receivers[i % receivers.length];
            assertTrue(done.get(i).await(60, TimeUnit.SECONDS), pair + " stopped after " + sums.get(i).get()
                    + ": a wake-up was lost");
            assertEquals((long) PER_PAIR * (PER_PAIR - 1) / 2, sums.get(i).get(), pair + ": checksum");
        }
    }

    private static void startSender(String kind, Channel<Integer> c) {
        if (kind.equals("upstream")) {
            Flux.range(0, PER_PAIR).subscribeOn(Schedulers.single()).subscribe(c);   // completing closes c
            return;
        }
        Channel<Integer> never = Zsync.bounded(1);
        never.send(-1);   // full: a send to it is never ready
        Thread.ofVirtual().start(() -> {
            try (c) {
                for (int i = 0; i < PER_PAIR; i++) {
                    if (kind.equals("send")) {
                        c.send(i);
                    } else {
                        Zsync.<Boolean>select().onSend(c, i, () -> true).onSend(never, -2, () -> false).await();
                    }
                }
            }
        });
    }

    private static void startReceiver(String kind, Channel<Integer> c, AtomicLong sum, CountDownLatch done) {
        switch (kind) {
            case "subscriber" -> Flux.from(c).limitRate(1).doOnNext(sum::addAndGet)
                    .doOnComplete(done::countDown).subscribe();
            case "recv" -> Thread.ofVirtual().start(() -> {
                for (int x : c) {
                    sum.addAndGet(x);
                }
                done.countDown();
            });
            default -> Thread.ofVirtual().start(() -> {
                Channel<Integer> never = Zsync.bounded(1);
                while (Zsync.<Boolean>select().onRecv(c, x -> {
                    sum.addAndGet(x);
                    return true;
                }, () -> false).onRecv(never, x -> true).await()) {
                    // until closed and drained
                }
                done.countDown();
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void sendersReceiversSelectAndASubscriberNeverMissAWakeUp(int capacity) throws InterruptedException {
        run(Zsync.bounded(capacity), false);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anUpstreamBesideTheSendersNeverMissesAWakeUp(int capacity) throws InterruptedException {
        run(Zsync.bounded(capacity), true);
    }

    private static void run(Channel<Integer> c, boolean withUpstream) throws InterruptedException {
        int total = (PRODUCERS + (withUpstream ? 1 : 0)) * PER_PRODUCER;
        AtomicLongArray seen = new AtomicLongArray(total);
        AtomicLongArray sent = new AtomicLongArray(total);
        AtomicLong received = new AtomicLong();
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS + (withUpstream ? 1 : 0));
        CountDownLatch consumersDone = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        c.send(base + i);
                        sent.incrementAndGet(base + i);
                    }
                } catch (ChannelClosedException closedByTheUpstream) {
                    // the rest was not sent
                }
                producersDone.countDown();
            }));
        }
        if (withUpstream) {
            Flux.range(PRODUCERS * PER_PRODUCER, PER_PRODUCER).subscribeOn(Schedulers.single())
                    .doOnNext(x -> sent.incrementAndGet(x))
                    .doOnComplete(producersDone::countDown).subscribe(c);   // completing closes the channel
        }
        for (int r = 0; r < 2; r++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int x : c) {
                    seen.incrementAndGet(x);
                    received.incrementAndGet();
                }
                consumersDone.countDown();
            }));
        }
        Channel<Integer> never = Zsync.bounded(1);   // a second alternative that is never ready
        threads.add(Thread.ofVirtual().start(() -> {
            while (Zsync.<Boolean>select()
                    .onRecv(c, x -> {
                        seen.incrementAndGet(x);
                        received.incrementAndGet();
                        return true;
                    }, () -> false)
                    .onRecv(never, x -> true)
                    .await()) {
                // until closed and drained
            }
            consumersDone.countDown();
        }));
        Flux.from(c).limitRate(1).doOnNext(x -> {
            seen.incrementAndGet(x);
            received.incrementAndGet();
        }).doFinally(s -> consumersDone.countDown()).subscribe();

        assertTrue(producersDone.await(60, TimeUnit.SECONDS), "producers stuck: a sender's wake-up was lost ("
                + received.get() + " received)");
        long sentCount = 0;
        for (int i = 0; i < total; i++) {
            sentCount += sent.get(i);
        }
        long expected = sentCount;
        io.zsync.testkit.Waits.until(() -> received.get() == expected, "every element sent to be received"
                + " (a receiver's wake-up was lost if this times out)");
        c.close();
        assertTrue(consumersDone.await(30, TimeUnit.SECONDS), "consumers did not see the end");
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (int i = 0; i < total; i++) {
            assertEquals(sent.get(i), seen.get(i), "element " + i + " was sent " + sent.get(i) + " times and"
                    + " received " + seen.get(i) + " times");
        }
        assertTrue(sentCount >= (withUpstream ? PER_PRODUCER : total), "everything was sent: " + sentCount);
    }

}
