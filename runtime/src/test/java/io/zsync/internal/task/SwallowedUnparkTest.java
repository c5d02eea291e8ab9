package io.zsync.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.sync.Semaphore;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A wait must not look its clock up between its last look at what it waits for and its park. The first lookup on a
 * plain virtual thread (not a task's) scans the live runtimes under their registries' locks; if that lock is busy
 * the lookup parks, and the waker's unpark, arriving then, ends that park instead of the wait's: the wait then parks
 * for good. Found by a send/recv loop of 1,000,000 elements between two plain virtual threads with a runtime open
 * (about one run in 300 hung, both threads parked, the one woken with its node claimed). Here the registry's lock is
 * held on purpose while the waiter is about to park, so the old code hangs every time.
 */
@Timeout(60)
class SwallowedUnparkTest {

    private static ReentrantLock registryLock(ZsyncRuntime runtime) throws Exception {
        TaskImpl<?> task = (TaskImpl<?>) runtime.spawn(() -> 0);
        task.join();
        Field f = TaskRegistry.class.getDeclaredField("lock");
        f.setAccessible(true);
        return (ReentrantLock) f.get(task.core().registry);
    }

    /** Runs {@code wait} on a plain virtual thread while the registry is locked, wakes it, then unlocks. */
    private static void wakeWhileTheLookupIsBlocked(ReentrantLock registry, Runnable wait, Runnable wake)
            throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        registry.lock();
        Thread waiter;
        try {
            waiter = Thread.ofVirtual().start(() -> {
                try {
                    wait.run();
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            // the waiter spins, then blocks on the registry's lock in its clock lookup: after announcing its park
            // (old code: the wake-up below then ends the lock's park instead of the wait's) or before (new code)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!registry.hasQueuedThreads()) {
                assertTrue(System.nanoTime() < deadline, "the waiter never reached the registry's lock");
                Thread.onSpinWait();
            }
            wake.run();   // its unpark, if any, is issued before this returns: while the registry is still locked
        } finally {
            registry.unlock();
        }
        waiter.join(Duration.ofSeconds(10));
        assertTrue(!waiter.isAlive(), "the woken waiter is still parked: its wake-up was swallowed");
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
    }

    @Test
    void aChannelReceiverIsWokenWhileItsClockLookupWaitsForALock() throws Exception {
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            ReentrantLock registry = registryLock(runtime);
            Channel<Integer> c = Zsync.bounded(4);
            AtomicReference<Integer> got = new AtomicReference<>();
            wakeWhileTheLookupIsBlocked(registry, () -> got.set(c.recv()), () -> c.trySend(7));
            assertEquals(7, got.get());
        }
    }

    @Test
    void aSemaphoreWaiterIsWokenWhileItsClockLookupWaitsForALock() throws Exception {
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            ReentrantLock registry = registryLock(runtime);
            Semaphore s = Semaphore.create(1);
            s.acquire();
            wakeWhileTheLookupIsBlocked(registry, s::acquire, s::release);
        }
    }
}
