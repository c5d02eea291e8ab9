package io.zsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ManualClock;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskState;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SemaphoreTest {

    @Test
    void tryAcquireTakesFreePermitsAndReleaseGivesThemBack() {
        Semaphore s = Semaphore.create(3);
        assertEquals(3, s.permits());
        assertEquals(3, s.availablePermits());
        assertTrue(s.tryAcquire());
        assertTrue(s.tryAcquire());
        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire(), "all three held");
        assertEquals(0, s.availablePermits());
        s.release();
        assertEquals(1, s.availablePermits());
        s.acquire();
        s.release();
        s.release();
        s.release();
        assertEquals(3, s.availablePermits());
        assertEquals(3, s.permits(), "the total never changes");
    }

    @Test
    void zeroOrNegativePermitsAreRejectedSayingWhatToPass() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Semaphore.create(bad));
            assertTrue(e.getMessage().contains("permits must be >= 1 but was " + bad), e.getMessage());
            assertTrue(e.getMessage().contains("pass how many holders"), e.getMessage());
        }
    }

    @Test
    void releaseWithoutAcquireIsAnErrorAndChangesNothing() {
        Semaphore s = Semaphore.create(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
        assertTrue(e.getMessage().contains("release() without a matching acquire"), e.getMessage());
        assertTrue(e.getMessage().contains("all 2 permits are already free"), e.getMessage());
        assertEquals(2, s.availablePermits());
    }

    @Test
    void moreReleasesThanAcquiresIsAnError() {
        Semaphore s = Semaphore.create(1);
        s.acquire();
        s.release();
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(1, s.availablePermits());
        assertTrue(s.tryAcquire(), "the failed release left the semaphore usable");
    }

    @Test
    void negativeOrNullTimeoutIsRejectedAndZeroDoesNotWait() {
        Semaphore s = Semaphore.create(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.acquire(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("timeout must be >= 0 but was PT-0.001S"), e.getMessage());
        assertTrue(e.getMessage().contains("pass Duration.ZERO"), e.getMessage());
        assertEquals(1, s.availablePermits(), "a rejected call takes nothing");
        NullPointerException npe = assertThrows(NullPointerException.class, () -> s.acquire(null));
        assertTrue(npe.getMessage().contains("timeout must not be null"), npe.getMessage());

        assertTrue(s.acquire(Duration.ZERO), "a free permit is taken without waiting");
        assertFalse(s.acquire(Duration.ZERO), "none free: returns at once");
        s.release();
    }

    @Test
    void nullActionIsRejectedAndTakesNothing() {
        Semaphore s = Semaphore.create(1);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> s.withPermit((java.util.concurrent.Callable<Object>) null));
        assertThrows(NullPointerException.class, () -> s.withPermit((io.zsync.CheckedRunnable) null));
        assertTrue(e.getMessage().contains("action must not be null: pass the code to run in withPermit"),
                e.getMessage());
        assertEquals(1, s.availablePermits());
    }

    @Test
    void withPermitHoldsAPermitForTheActionAndReleasesItOnFailureToo() throws Exception {
        Semaphore s = Semaphore.create(2);
        assertEquals(1, s.withPermit(s::availablePermits), "one of two held while the action runs");
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> s.withPermit(() -> {
            throw boom;
        }));
        assertEquals(boom, thrown, "the action's exception, as it was thrown");
        assertEquals(2, s.availablePermits());
    }

    @Test
    void acquireWaitsUntilAPermitIsReleased() throws Throwable {
        Semaphore s = Semaphore.create(1);
        s.acquire();
        Parked<Boolean> waiter = Parked.start(() -> {
            s.acquire();
            return true;
        });
        assertFalse(waiter.isDone());
        s.release();
        assertTrue(waiter.await());
        assertEquals(0, s.availablePermits(), "handed to the waiter, not freed");
    }

    @Test
    void waitersAreServedFirstInFirstOutAndNobodyBargesPastThem() throws Throwable {
        Semaphore s = Semaphore.create(2);
        s.acquire();
        s.acquire();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Parked<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            waiters.add(Parked.start(() -> {   // each parks before the next starts: queue order is 0, 1, 2, 3
                s.acquire();
                order.add(id);
                return null;
            }));
        }
        s.release();
        assertFalse(s.tryAcquire(), "the released permit went to waiter 0, not to a barging tryAcquire");
        waiters.get(0).await();
        s.release();
        s.release();
        s.release();
        for (Parked<Void> w : waiters) {
            w.await();
        }
        assertEquals(List.of(0, 1, 2, 3), order);
        assertEquals(0, s.availablePermits(), "waiters 2 and 3 hold the last two");
    }

    @Test
    void interruptedAcquireThrowsKeepsTheFlagAndTakesNothing() throws Throwable {
        Semaphore s = Semaphore.create(1);
        s.acquire();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Parked<Void> waiter = Parked.start(() -> {
            try {
                s.acquire();
            } finally {
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
            return null;
        });
        waiter.thread.interrupt();
        TaskCancelledException e = assertThrows(TaskCancelledException.class, waiter::await);
        assertTrue(e.getMessage().contains("acquire() interrupted"), e.getMessage());
        assertTrue(flagAfter.get(), "the interrupt flag is still set");
        s.release();
        assertEquals(1, s.availablePermits(), "the cancelled waiter left the queue: the permit is free");
    }

    @Test
    void anInterruptedThreadTakesAFreePermitButThrowsInsteadOfWaiting() {
        Semaphore s = Semaphore.create(1);
        Thread.currentThread().interrupt();
        try {
            s.acquire();   // free: taken, no wait
            assertThrows(TaskCancelledException.class, s::acquire);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        s.release();
        assertEquals(1, s.availablePermits());
    }

    @Test
    void cancellingATaskWakesItsAcquire() throws Exception {
        Semaphore s = Semaphore.create(1);
        s.acquire();
        assertEquals(TaskState.CANCELLED, Parked.cancelTaskParkedIn(s::acquire).state());
        s.release();
        assertEquals(1, s.availablePermits());
    }

    @Test
    void aThirtySecondTimeoutOnTheManualClockResolvesInWellUnderASecond() throws Exception {
        ManualClock clock = ManualClock.create();
        Semaphore s = Semaphore.create(1);
        s.acquire();
        long start = System.nanoTime();
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().clock(clock).build())) {
            Task<Boolean> task = rt.spawn(() -> s.acquire(Duration.ofSeconds(30)));
            Waits.until(() -> clock.pendingTimers() == 1, "the acquire to park on the manual clock");
            clock.advance(Duration.ofSeconds(29));
            assertFalse(task.isDone(), "29 s of 30: still waiting");
            clock.advance(Duration.ofSeconds(1));
            assertFalse(task.await(), "timed out");
        }
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("30 s semaphore timeout on the manual clock took " + wallMillis + " ms of wall time");
        assertTrue(wallMillis < 1_000, "30 s of virtual time took " + wallMillis + " ms");
        assertEquals(Duration.ofSeconds(30), clock.elapsed());
        s.release();
        assertEquals(1, s.availablePermits(), "the timed-out waiter left the queue");
    }

    @Test
    void aTimedAcquireThatGetsThePermitInTimeReturnsTrue() throws Exception {
        ManualClock clock = ManualClock.create();
        Semaphore s = Semaphore.create(1);
        s.acquire();
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().clock(clock).build())) {
            Task<Boolean> task = rt.spawn(() -> s.acquire(Duration.ofSeconds(30)));
            Waits.until(() -> clock.pendingTimers() == 1, "the acquire to park on the manual clock");
            clock.advance(Duration.ofSeconds(10));
            s.release();
            assertTrue(task.await());
        }
        assertEquals(0, s.availablePermits(), "the waiter holds it");
    }

    @Test
    void aPermitHandedOverAsTheWaiterGivesUpIsNeitherLostNorDoubled() throws Exception {
        Semaphore s = Semaphore.create(1);
        int kept = 0;
        for (int round = 0; round < 2_000; round++) {
            s.acquire();
            AtomicBoolean got = new AtomicBoolean();
            long waitNanos = round % 50 * 1_000L;
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    got.set(s.acquire(Duration.ofNanos(waitNanos)));
                } catch (TaskCancelledException e) {
                    Thread.interrupted();
                }
            });
            if (round % 2 == 0) {
                waiter.interrupt();
            }
            s.release();   // races the waiter's timeout or interrupt
            waiter.join();
            if (got.get()) {
                kept++;
                s.release();
            }
            assertEquals(1, s.availablePermits(), "round " + round);
        }
        System.out.println("permit in flight: the waiter kept it in " + kept + " of 2000 rounds");
    }

    @Test
    void toStringShowsFreePermitsAndWaiters() throws Throwable {
        Semaphore s = Semaphore.create(1);
        assertEquals("Semaphore[1 of 1 free]", s.toString());
        s.acquire();
        Parked<Void> waiter = Parked.start(() -> {
            s.acquire();
            return null;
        });
        assertEquals("Semaphore[0 of 1 free, 1 waiting]", s.toString());
        s.release();
        waiter.await();
    }
}
