package io.zsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Select;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many selectors over the same two channels, with producers that send both plainly and through select, and random
 * cancellation of selecting consumers and producers: every element sent is received exactly once, and nothing a
 * cancelled select was offered is lost or duplicated. Scale with {@code -Dzsync.stress.multiplier}.
 */
@Timeout(120)
class SelectStressTest {
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final int PER_PRODUCER = 25_000 * Integer.getInteger("zsync.stress.multiplier", 1);
    private static final int TOTAL = PRODUCERS * PER_PRODUCER;

    @Test
    void everyElementIsDeliveredExactlyOnceUnderCancellation() throws Exception {
        Channel<Integer> a = Zsync.bounded(4);
        Channel<Integer> b = Zsync.bounded(16);
        AtomicIntegerArray sent = new AtomicIntegerArray(TOTAL);
        AtomicIntegerArray received = new AtomicIntegerArray(TOTAL);
        AtomicLong cancelledWaits = new AtomicLong();
        AtomicLong total = new AtomicLong();
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            List<Task<Void>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int base = p * PER_PRODUCER;
                boolean viaSelect = p % 2 == 0;
                producers.add(rt.spawn(() -> produce(a, b, base, viaSelect, sent)));
            }
            List<Task<Void>> consumers = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                consumers.add(rt.spawn(() -> consume(a, b, received, total, cancelledWaits)));
            }
            // cancel a random consumer every few hundred elements and replace it, until the producers are done
            AtomicBoolean producing = new AtomicBoolean(true);
            int replaced = 0;
            while (producing.get()) {
                long mark = total.get() + 300;
                while (total.get() < mark && producers.stream().anyMatch(t -> !t.isDone())) {
                    Thread.yield();   // progress, not time, paces the cancellations
                }
                int victim = ThreadLocalRandom.current().nextInt(CONSUMERS);
                consumers.get(victim).cancel();
                consumers.set(victim, rt.spawn(() -> consume(a, b, received, total, cancelledWaits)));
                replaced++;
                producing.set(producers.stream().anyMatch(t -> !t.isDone()));
            }
            for (Task<Void> p : producers) {
                p.await(Duration.ofSeconds(60));
            }
            a.close();
            b.close();
            for (Task<Void> c : consumers) {
                c.join();
            }
            assertTrue(replaced > 0, "the test must have cancelled consumers");
        }
        int sentCount = 0;
        for (int i = 0; i < TOTAL; i++) {
            assertTrue(received.get(i) <= 1, "element " + i + " was received " + received.get(i) + " times");
            assertEquals(sent.get(i), received.get(i), "element " + i + ": sent " + sent.get(i) + ", received "
                    + received.get(i));
            sentCount += sent.get(i);
        }
        assertEquals(TOTAL, sentCount, "producers were not cancelled: every element must have been sent");
    }

    private static void produce(Channel<Integer> a, Channel<Integer> b, int base, boolean viaSelect,
                                AtomicIntegerArray sent) {
        for (int i = 0; i < PER_PRODUCER; i++) {
            Integer v = base + i;
            if (viaSelect) {
                Zsync.<Boolean>select().onSend(a, v, () -> true).onSend(b, v, () -> true).await();
            } else if ((i & 1) == 0) {
                a.send(v);
            } else {
                b.send(v);
            }
            sent.incrementAndGet(v);
        }
    }

    private static void consume(Channel<Integer> a, Channel<Integer> b, AtomicIntegerArray received, AtomicLong total,
                                AtomicLong cancelledWaits) {
        boolean[] closed = new boolean[2];
        Select<Integer> both = Zsync.<Integer>select()
                .onRecv(a, v -> v, () -> close(closed, 0))
                .onRecv(b, v -> v, () -> close(closed, 1));
        Select<Integer> onlyA = Zsync.<Integer>select().onRecv(a, v -> v, () -> close(closed, 0));
        Select<Integer> onlyB = Zsync.<Integer>select().onRecv(b, v -> v, () -> close(closed, 1));
        try {
            while (!closed[0] || !closed[1]) {
                Select<Integer> s = closed[0] ? onlyB : closed[1] ? onlyA : both;
                int v = s.await();
                if (v >= 0) {
                    received.incrementAndGet(v);
                    total.incrementAndGet();
                }
            }
        } catch (TaskCancelledException e) {
            cancelledWaits.incrementAndGet();
            throw e;
        }
    }

    private static int close(boolean[] closed, int which) {
        closed[which] = true;
        return -1;
    }
}
