package io.zsync.sync;

import java.time.Duration;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of a {@code Mutex}'s operations that do not wait — tryLock, lock(Duration.ZERO), unlock and
 * isLocked, with their owner checks — against {@link Spec}, which records the owner as the checker's thread id
 * (each operation receives it from {@link ThreadIdGen}; the mutex itself uses the real thread, the same one for every
 * operation of a checker thread). Results name the outcome: locked, busy, or the error a misuse gets
 * (would deadlock, not the owner). The waiting operations are covered by MutexTest and MutexStressTest.
 */
@Timeout(300)
class MutexLincheckTest {
    /** What the checker runs: the real Mutex, one per scenario. */
    @Param(name = "thread", gen = ThreadIdGen.class)
    public static final class Target {
        private final Mutex mutex = Mutex.create();

        public Target() {
        }

        @Operation
        public String tryLock(@Param(name = "thread") int thread) {
            try {
                return mutex.tryLock() ? "locked" : "busy";
            } catch (IllegalStateException ownedBySelf) {
                return "would deadlock";
            }
        }

        @Operation
        public String lockWithoutWaiting(@Param(name = "thread") int thread) {
            try {
                return mutex.lock(Duration.ZERO) ? "locked" : "busy";
            } catch (IllegalStateException ownedBySelf) {
                return "would deadlock";
            }
        }

        @Operation
        public String unlock(@Param(name = "thread") int thread) {
            try {
                mutex.unlock();
                return "unlocked";
            } catch (IllegalStateException notOwner) {
                return "not the owner";
            }
        }

        @Operation
        public boolean isLocked() {
            return mutex.isLocked();
        }
    }

    /** The sequential model: an owner, or none (-1). */
    public static final class Spec {
        private int owner = -1;

        public Spec() {
        }

        public String tryLock(int thread) {
            if (owner == thread) {
                return "would deadlock";
            }
            if (owner >= 0) {
                return "busy";
            }
            owner = thread;
            return "locked";
        }

        public String lockWithoutWaiting(int thread) {
            return tryLock(thread);
        }

        public String unlock(int thread) {
            if (owner != thread) {
                return "not the owner";
            }
            owner = -1;
            return "unlocked";
        }

        public boolean isLocked() {
            return owner >= 0;
        }
    }

    @Test
    void nonWaitingOperationsAndOwnerChecksAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 25))
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(0)
                .actorsAfter(0)
                .sequentialSpecification(Spec.class)
                .check(Target.class);
    }
}
