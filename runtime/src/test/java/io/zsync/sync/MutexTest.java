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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MutexTest {

    @Test
    void lockAndUnlockWithOneHolderAtATime() {
        Mutex m = Mutex.create();
        assertFalse(m.isLocked());
        m.lock();
        assertTrue(m.isLocked());
        m.unlock();
        assertFalse(m.isLocked());
        assertTrue(m.tryLock());
        m.unlock();
        assertTrue(m.lock(Duration.ZERO));
        m.unlock();
        assertEquals("Mutex[unlocked]", m.toString());
    }

    @Test
    void tryLockFailsWhileAnotherThreadOwnsIt() throws Throwable {
        Mutex m = Mutex.create();
        m.lock();
        Parked<Boolean> other = Parked.run(() -> {
            boolean tried = m.tryLock();
            boolean timed = m.lock(Duration.ZERO);
            return tried || timed;
        });
        assertFalse(other.await());
        m.unlock();
    }

    @Test
    void lockingTwiceFromTheOwnerFailsAtOnceInsteadOfDeadlocking() {
        Mutex m = Mutex.create();
        m.lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::lock);
        assertTrue(e.getMessage().contains("lock() by"), e.getMessage());
        assertTrue(e.getMessage().contains("already owns this mutex"), e.getMessage());
        assertTrue(e.getMessage().contains("would deadlock"), e.getMessage());
        assertTrue(e.getMessage().contains("unlock() first"), e.getMessage());
        IllegalStateException timed = assertThrows(IllegalStateException.class, () -> m.lock(Duration.ofHours(1)));
        assertTrue(timed.getMessage().contains("lock(timeout) by"), timed.getMessage());
        IllegalStateException tried = assertThrows(IllegalStateException.class, m::tryLock);
        assertTrue(tried.getMessage().contains("tryLock() by"), tried.getMessage());
        assertThrows(IllegalStateException.class, () -> m.withLock(() -> "nested"));
        assertTrue(m.isLocked(), "the failed calls changed nothing");
        m.unlock();
        assertFalse(m.isLocked());
    }

    @Test
    void unlockByANonOwnerFailsNamingTheOwner() throws Throwable {
        Mutex m = Mutex.create();
        m.lock();
        Thread me = Thread.currentThread();
        Parked<Void> other = Parked.run(() -> {
            m.unlock();
            return null;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, other::await);
        assertTrue(e.getMessage().contains("but the mutex is owned by thread #" + me.threadId()), e.getMessage());
        assertTrue(e.getMessage().contains("only the thread that locked it may unlock it"), e.getMessage());
        assertTrue(m.isLocked(), "still locked by its owner");
        m.unlock();
    }

    @Test
    void unlockOfAnUnlockedMutexFailsSayingWhatToDo() {
        Mutex m = Mutex.create();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
        assertTrue(e.getMessage().contains("unlock() of a mutex that is not locked"), e.getMessage());
        assertTrue(e.getMessage().contains("unlock only after lock()"), e.getMessage());
        m.lock();
        m.unlock();
        assertThrows(IllegalStateException.class, m::unlock, "a second unlock");
        assertFalse(m.isLocked());
    }

    @Test
    void badArgumentsAreRejectedAndLockNothing() {
        Mutex m = Mutex.create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.lock(Duration.ofSeconds(-5)));
        assertTrue(e.getMessage().contains("timeout must be >= 0 but was PT-5S"), e.getMessage());
        assertTrue(e.getMessage().contains("pass Duration.ZERO"), e.getMessage());
        assertThrows(NullPointerException.class, () -> m.lock(null));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> m.withLock((java.util.concurrent.Callable<Object>) null));
        assertThrows(NullPointerException.class, () -> m.withLock((io.zsync.CheckedRunnable) null));
        assertTrue(npe.getMessage().contains("action must not be null: pass the code to run in withLock"),
                npe.getMessage());
        assertFalse(m.isLocked());
    }

    @Test
    void withLockRunsTheActionOwningTheMutexAndUnlocksOnFailure() throws Exception {
        Mutex m = Mutex.create();
        assertEquals(Boolean.TRUE, m.withLock(m::isLocked));
        UnsupportedOperationException boom = new UnsupportedOperationException("boom");
        UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class,
                () -> m.withLock(() -> {
                    throw boom;
                }));
        assertEquals(boom, thrown);
        assertFalse(m.isLocked());
    }

    @Test
    void unlockHandsTheMutexToTheLongestWaiterWhoBecomesTheOwner() throws Throwable {
        Mutex m = Mutex.create();
        m.lock();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Parked<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            waiters.add(Parked.start(() -> {
                m.lock();
                order.add(id);
                m.unlock();
                return null;
            }));
        }
        Parked<Void> holdingWaiter = Parked.start(() -> {
            m.lock();
            return null;   // ends owning the mutex
        });
        assertTrue(m.toString().contains("4 waiting"), m.toString());
        m.unlock();
        assertThrows(IllegalStateException.class, m::unlock, "no longer the owner after the hand-off");
        assertFalse(m.tryLock(), "no barging past the queue");
        for (Parked<Void> w : waiters) {
            w.await();
        }
        holdingWaiter.await();
        assertEquals(List.of(0, 1, 2), order);
        assertTrue(m.isLocked(), "the last waiter ended owning it");
        assertFalse(m.tryLock());
        IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
        assertTrue(e.getMessage().contains("owned by virtual thread #" + holdingWaiter.thread.threadId()),
                e.getMessage());
    }

    @Test
    void interruptedLockThrowsKeepsTheFlagAndLeavesNoTrace() throws Throwable {
        Mutex m = Mutex.create();
        m.lock();
        Parked<Boolean> waiter = Parked.start(() -> {
            try {
                m.lock();
                return false;
            } catch (TaskCancelledException e) {
                return Thread.currentThread().isInterrupted() && e.getMessage().contains("lock() interrupted");
            }
        });
        waiter.thread.interrupt();
        assertTrue(waiter.await(), "TaskCancelledException with the flag set");
        m.unlock();
        assertFalse(m.isLocked(), "the cancelled waiter was not handed the mutex");
        assertTrue(m.tryLock());
        m.unlock();
    }

    @Test
    void cancellingATaskWakesItsLock() throws Exception {
        Mutex m = Mutex.create();
        m.lock();
        assertEquals(TaskState.CANCELLED, Parked.cancelTaskParkedIn(m::lock).state());
        m.unlock();
        assertFalse(m.isLocked());
    }

    @Test
    void aTimedLockTimesOutOnTheManualClock() throws Exception {
        ManualClock clock = ManualClock.create();
        Mutex m = Mutex.create();
        m.lock();
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().clock(clock).build())) {
            Task<Boolean> task = rt.spawn(() -> m.lock(Duration.ofMinutes(5)));
            Waits.until(() -> clock.pendingTimers() == 1, "the lock to park on the manual clock");
            clock.advance(Duration.ofMinutes(4));
            assertFalse(task.isDone());
            clock.advance(Duration.ofMinutes(1));
            assertFalse(task.await(), "timed out after 5 virtual minutes");
        }
        m.unlock();
        assertFalse(m.isLocked(), "the timed-out waiter left the queue");
    }
}
