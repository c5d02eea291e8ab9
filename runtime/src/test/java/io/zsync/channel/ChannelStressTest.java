package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * 4 producers × 4 consumers mixing blocking, try, timed and Reactive Streams endpoints, with random interruption and
 * a close in the middle: every element sent is received exactly once. Length scales with
 * {@code -Dzsync.stress.multiplier}.
 */
@Tag("stress")
@Timeout(120)
class ChannelStressTest {
    private static final int PER_PRODUCER = 50_000 * Integer.getInteger("zsync.stress.multiplier", 1);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 64, Integer.MAX_VALUE})
    void nothingLostNothingDuplicatedUnderInterruptionAndClose(int capacity) throws Exception {
        Channel<Integer> c = capacity == Integer.MAX_VALUE ? Zsync.unbounded() : Zsync.bounded(capacity);
        int producers = 4;
        AtomicLong sentCount = new AtomicLong();
        AtomicLong sentSum = new AtomicLong();
        BitSet sent = new BitSet();
        BitSet received = new BitSet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicLong receivedCount = new AtomicLong();
        AtomicLong receivedSum = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch consumersDone = new CountDownLatch(4);

        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    int element = id * PER_PRODUCER + i;
                    boolean ok;
                    try {
                        ok = switch (id) {
                            case 0, 1 -> {
                                c.send(element);
                                yield true;
                            }
                            case 2 -> {
                                while (!c.trySend(element)) {
                                    if (c.isClosed()) {
                                        throw new ChannelClosedException("closed", null);
                                    }
                                    Thread.onSpinWait();
                                }
                                yield true;
                            }
                            default -> c.send(element, java.time.Duration.ofMillis(
                                    ThreadLocalRandom.current().nextInt(2)));
                        };
                    } catch (TaskCancelledException interrupted) {
                        Thread.interrupted();
                        ok = false;   // not sent: the element left no trace
                    } catch (ChannelClosedException closed) {
                        return;
                    }
                    if (ok) {
                        Thread.interrupted();   // sent, possibly with the flag set by the chaos thread
                        record(sent, element);
                        sentCount.incrementAndGet();
                        sentSum.addAndGet(element);
                    }
                }
            }));
        }
        Runnable[] consumers = {
            () -> {   // blocking recv
                try {
                    while (true) {
                        int x;
                        try {
                            x = c.recv();
                        } catch (TaskCancelledException interrupted) {
                            Thread.interrupted();
                            continue;
                        }
                        Thread.interrupted();
                        take(received, duplicates, receivedCount, receivedSum, x);
                    }
                } catch (ChannelClosedException end) {
                    consumersDone.countDown();
                }
            },
            () -> {   // tryRecv polling
                while (true) {
                    Integer x = c.tryRecv();
                    if (x != null) {
                        take(received, duplicates, receivedCount, receivedSum, x);
                    } else if (c.isClosed() && c.size() == 0) {
                        Integer last = c.tryRecv();
                        if (last == null) {
                            break;
                        }
                        take(received, duplicates, receivedCount, receivedSum, last);
                    } else {
                        Thread.yield();
                    }
                }
                consumersDone.countDown();
            },
            () -> {   // timed recv
                try {
                    while (true) {
                        try {
                            Integer x = c.recv(java.time.Duration.ofMillis(1));
                            Thread.interrupted();
                            if (x != null) {
                                take(received, duplicates, receivedCount, receivedSum, x);
                            }
                        } catch (TaskCancelledException interrupted) {
                            Thread.interrupted();
                        }
                    }
                } catch (ChannelClosedException end) {
                    consumersDone.countDown();
                }
            },
        };
        for (Runnable consumer : consumers) {
            threads.add(Thread.ofVirtual().start(consumer));
        }
        // the Reactive Streams consumer, requesting a few at a time
        Flux.from(c).limitRate(8).doOnNext(x -> take(received, duplicates, receivedCount, receivedSum, x))
                .doFinally(s -> consumersDone.countDown()).subscribe();

        AtomicBoolean chaos = new AtomicBoolean(true);
        Thread chaosThread = Thread.ofVirtual().start(() -> {
            while (chaos.get()) {
                threads.get(ThreadLocalRandom.current().nextInt(threads.size())).interrupt();
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);   // pace the chaos: ~5 000 interrupts/s
            }
        });
        io.zsync.testkit.Waits.until(() -> sentCount.get() >= (long) producers * PER_PRODUCER / 2,
                "half of the elements to be sent");
        c.close();   // in the middle: producers stop, consumers drain
        assertTrue(consumersDone.await(60, TimeUnit.SECONDS), "consumers did not see the end");
        chaos.set(false);
        chaosThread.join();
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(0, duplicates.get(), "duplicated elements");
        assertEquals(sentCount.get(), receivedCount.get(), "lost elements");
        assertEquals(sentSum.get(), receivedSum.get(), "checksum");
        synchronized (sent) {
            synchronized (received) {
                assertEquals(sent, received, "the very same elements");
            }
        }
        assertTrue(sentCount.get() >= (long) producers * PER_PRODUCER / 2);
    }

    private static void record(BitSet set, int element) {
        synchronized (set) {
            set.set(element);
        }
    }

    private static void take(BitSet received, AtomicInteger duplicates, AtomicLong count, AtomicLong sum, int x) {
        synchronized (received) {
            if (received.get(x)) {
                duplicates.incrementAndGet();
            }
            received.set(x);
        }
        count.incrementAndGet();
        sum.addAndGet(x);
    }
}
