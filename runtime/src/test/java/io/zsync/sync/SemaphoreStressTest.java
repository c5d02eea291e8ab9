package io.zsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1 000 tasks contend on a {@code Semaphore(4)} with acquire, timed acquire, tryAcquire and withPermit while random
 * tasks are cancelled: never more than 4 holders, and all 4 permits free at the end (none lost, none doubled).
 */
@Tag("stress")
@Timeout(120)
class SemaphoreStressTest {

    @Test
    void permitsAreConservedAndNeverMoreThanFourHoldUnderCancellationAndTimeouts() throws Exception {
        Semaphore semaphore = Semaphore.create(4);
        new Contention(4).run(new Contention.Guard(semaphore::acquire, semaphore::acquire, semaphore::tryAcquire,
                semaphore::release, semaphore::withPermit));
        assertEquals(4, semaphore.availablePermits(), "permits conserved: " + semaphore);
    }
}
