package io.zsync.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1 000 tasks contend on a {@code Mutex} with lock, timed lock, tryLock and withLock while random tasks are
 * cancelled: never two holders, and unlocked at the end (never left owned by nobody).
 */
@Tag("stress")
@Timeout(120)
class MutexStressTest {

    @Test
    void neverTwoHoldersAndUnlockedAtTheEndUnderCancellationAndTimeouts() throws Exception {
        Mutex mutex = Mutex.create();
        new Contention(1).run(new Contention.Guard(mutex::lock, mutex::lock, mutex::tryLock, mutex::unlock,
                mutex::withLock));
        assertFalse(mutex.isLocked(), "unlocked at the end: " + mutex);
        assertTrue(mutex.tryLock(), "and lockable");
        mutex.unlock();
    }
}
