package io.zsync.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
        new Contention(1).run(new Contention.Guard() {
            @Override
            public boolean enter(Contention.Way way, Duration timeout) {
                return switch (way) {
                    case WAIT -> {
                        mutex.lock();
                        yield true;
                    }
                    case TIMED -> mutex.lock(timeout);
                    case TRY, WITH -> mutex.tryLock();
                };
            }

            @Override
            public void leave() {
                mutex.unlock();
            }

            @Override
            public void with(Runnable section) throws Exception {
                mutex.withLock(() -> {
                    section.run();
                    return null;
                });
            }
        });
        assertFalse(mutex.isLocked(), "unlocked at the end: " + mutex);
        assertTrue(mutex.tryLock(), "and lockable");
        mutex.unlock();
    }
}
