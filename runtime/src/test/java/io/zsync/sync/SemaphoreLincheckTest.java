package io.zsync.sync;

import io.zsync.testkit.Lincheck;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of a {@code Semaphore(2)}'s operations that do not wait — tryAcquire, acquire(Duration.ZERO)
 * (which takes the queue lock when no permit is free), release (including the over-release error) and
 * availablePermits — against {@link Spec}, a plain counter. Under the model checker every interleaving of the
 * fast-path CASes, the locked path and the over-release check is explored; the waiting operations are covered by
 * SemaphoreTest (the permit in flight) and SemaphoreStressTest.
 */
@Timeout(300)
class SemaphoreLincheckTest {
    private static final int PERMITS = 2;

    /** What the checker runs: the real Semaphore, one per scenario. */
    public static final class Target {
        private final Semaphore semaphore = Semaphore.create(PERMITS);

        public Target() {
        }

        @Operation
        public boolean tryAcquire() {
            return semaphore.tryAcquire();
        }

        @Operation
        public boolean acquireWithoutWaiting() {
            return semaphore.acquire(Duration.ZERO);
        }

        @Operation
        public boolean release() {
            try {
                semaphore.release();
                return true;
            } catch (IllegalStateException overRelease) {
                return false;
            }
        }

        @Operation
        public int availablePermits() {
            return semaphore.availablePermits();
        }
    }

    /** The sequential model: a count of free permits between 0 and the total. */
    public static final class Spec {
        private int free = PERMITS;

        public Spec() {
        }

        public boolean tryAcquire() {
            if (free == 0) {
                return false;
            }
            free--;
            return true;
        }

        public boolean acquireWithoutWaiting() {
            return tryAcquire();
        }

        public boolean release() {
            if (free == PERMITS) {
                return false;
            }
            free++;
            return true;
        }

        public int availablePermits() {
            return free;
        }
    }

    @Test
    void nonWaitingOperationsAreLinearizable() {
        Lincheck.modelChecking(20, 3, 3, Spec.class).check(Target.class);
    }
}
