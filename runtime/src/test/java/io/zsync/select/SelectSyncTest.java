package io.zsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.sync.Mutex;
import io.zsync.sync.Semaphore;
import io.zsync.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Select over a semaphore's permits and a mutex's lock: exactly one alternative, and a loser holds nothing. */
@Timeout(60)
class SelectSyncTest {


    @Test
    void aFreePermitIsTakenAtOnce() {
        Semaphore s = Semaphore.create(2);
        String r = Zsync.<String>select().onAcquire(s, () -> "acquired").await();
        assertEquals("acquired", r);
        assertEquals(1, s.availablePermits(), "the select holds the permit");
        s.release();
        assertEquals(2, s.availablePermits());
    }

    @Test
    void aWaitingSelectIsServedInTurnByARelease() throws Exception {
        Semaphore s = Semaphore.create(1);
        s.acquire();
        AtomicReference<String> plainFirst = new AtomicReference<>();
        Thread first = Waits.start(() -> {
            s.acquire();
            plainFirst.set("first");
        });
        Waits.untilParked(first);
        AtomicReference<String> selected = new AtomicReference<>();
        Channel<String> never = Zsync.bounded(1);
        Thread selector = Waits.start(() -> selected.set(Zsync.<String>select().onAcquire(s, () -> "permit")
                .onRecv(never, v -> "element").await()));
        Waits.untilParked(selector);
        s.release();   // FIFO: to the plain waiter queued first
        first.join(10_000);
        assertEquals("first", plainFirst.get());
        assertTrue(selector.isAlive(), "the select queued behind it still waits");
        s.release();   // the plain waiter's permit: now to the select
        selector.join(10_000);
        assertEquals("permit", selected.get());
        assertEquals(0, s.availablePermits(), "the select holds it");
    }

    @Test
    void anAcquireThatLosesHoldsNoPermit() throws Exception {
        Semaphore s = Semaphore.create(1);
        s.acquire();
        Channel<String> c = Zsync.bounded(1);
        AtomicReference<String> selected = new AtomicReference<>();
        Thread selector = Waits.start(() -> selected.set(Zsync.<String>select().onAcquire(s, () -> "permit")
                .onRecv(c, v -> "element " + v).await()));
        Waits.untilParked(selector);
        c.send("x");
        selector.join(10_000);
        assertEquals("element x", selected.get());
        s.release();
        assertEquals(1, s.availablePermits(), "the losing select left no waiter behind to take the permit");
    }

    @Test
    void aPermitIsReleasedWhenTheHandlerThrows() {
        Semaphore s = Semaphore.create(1);
        IllegalStateException boom = new IllegalStateException("handler failed on purpose");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Zsync.<String>select().onAcquire(s, () -> {
                    throw boom;
                }).await());
        assertEquals(boom, thrown);
        assertEquals(1, s.availablePermits());
    }

    @Test
    void aSelectLocksAMutexAndOwnsIt() throws Exception {
        Mutex m = Mutex.create();
        m.lock();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread selector = Waits.start(() -> {
            try {
                String r = Zsync.<String>select().onLock(m, () -> "locked")
                        .onTimeout(Duration.ofSeconds(30), () -> "timeout").await();
                assertEquals("locked", r);
                assertTrue(m.isLocked());
                m.unlock();   // the select's thread is the owner: its unlock is accepted
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        Waits.untilParked(selector);
        m.unlock();   // hands the lock to the waiting select
        selector.join(10_000);
        assertEquals(null, failure.get());
        assertFalse(m.isLocked());
    }

    @Test
    void selectingOnAMutexTheThreadOwnsFailsFast() {
        Mutex m = Mutex.create();
        m.lock();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Zsync.<String>select().onLock(m, () -> "never").await());
        assertTrue(e.getMessage().contains("would deadlock"), e.getMessage());
        m.unlock();
    }

    /**
     * Selects race for permits against channel elements and timeouts while holders release: the permits in use never
     * exceed the total, and at the end every permit is back (none lost to a losing alternative, none doubled).
     */
    @Test
    void permitsAreNeverLostOrDoubledUnderRacingSelects() throws Exception {
        int permits = 3;
        Semaphore s = Semaphore.create(permits);
        Channel<Integer> c = Zsync.bounded(4);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger maxInUse = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        AtomicInteger elements = new AtomicInteger();
        int rounds = 3_000;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    String r = Zsync.<String>select().onAcquire(s, () -> "permit").onRecv(c, v -> "element")
                            .onTimeout(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1, 20_000)),
                                    () -> "timeout").await();
                    if (r.equals("permit")) {
                        int now = inUse.incrementAndGet();
                        maxInUse.accumulateAndGet(now, Math::max);
                        acquired.incrementAndGet();
                        Thread.yield();
                        inUse.decrementAndGet();
                        s.release();
                    } else if (r.equals("element")) {
                        elements.incrementAndGet();
                    }
                }
            }));
        }
        AtomicInteger sent = new AtomicInteger();
        Thread feeder = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 2_000; i++) {
                if (!c.send(i, Duration.ofMillis(200))) {
                    return;   // the selects are done
                }
                sent.incrementAndGet();
            }
        });
        for (Thread t : threads) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a selecting thread is stuck");
        }
        feeder.join(10_000);
        assertTrue(maxInUse.get() <= permits, "at most " + permits + " holders at once, saw " + maxInUse.get());
        assertEquals(permits, s.availablePermits(), "every permit is back");
        assertTrue(acquired.get() > 0, "selects took permits");
        assertEquals(sent.get() - c.size(), elements.get(), "every element taken was taken by exactly one select");
    }
}
