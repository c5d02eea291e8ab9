package io.zsync.internal.sync;

import io.zsync.internal.task.TaskImpl;
import io.zsync.internal.time.Clock;
import io.zsync.sync.Semaphore;
import java.time.Duration;
import java.util.concurrent.Callable;

/** The one implementation of {@link Semaphore}: {@link Permits} with the total as the limit. */
public final class SemaphoreImpl extends Permits implements Semaphore {
    /*
     * Implementation notes.
     *
     * All the concurrency is in Permits (states, invariant, linearization points, progress). Here: argument checks,
     * and the over-release check, which is Permits' limit: a give that would make more than `permits` free fails
     * before it changes anything. Tests: SemaphoreTest, SemaphoreStressTest, SemaphoreLincheckTest.
     * Maintenance: run SemaphoreTest, SemaphoreStressTest, SemaphoreLincheckTest and SelectSyncTest after a change.
     */

    private SemaphoreImpl(int permits) {
        super(permits, permits);
    }

    /** See {@link Semaphore#create(int)}. */
    public static SemaphoreImpl create(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1 but was " + permits
                    + "; pass how many holders may run at once (1 for mutual exclusion, or use Mutex.create())");
        }
        return new SemaphoreImpl(permits);
    }

    @Override
    public void acquire() {
        take(false, 0L, Clock.SYSTEM, "acquire()");
    }

    @Override
    public boolean acquire(Duration timeout) {
        Clock clock = TaskImpl.currentClock();
        return take(true, deadline(clock, timeout, "acquire(timeout)"), clock, "acquire(timeout)");
    }

    @Override
    public boolean tryAcquire() {
        return tryTake();
    }

    @Override
    public void release() {
        give();
    }

    @Override
    public <T> T withPermit(Callable<T> action) throws Exception {
        return holding(() -> take(false, 0L, Clock.SYSTEM, "withPermit"), action, this::give, "withPermit");
    }

    @Override
    public void withPermit(io.zsync.CheckedRunnable action) throws Exception {
        holding(() -> take(false, 0L, Clock.SYSTEM, "withPermit"), runnable(action), this::give, "withPermit");
    }

    @Override
    public int availablePermits() {
        return free();
    }

    @Override
    public int permits() {
        return limit();
    }

    /** A select clause that acquires a permit of this semaphore; the select then holds it. */
    public io.zsync.internal.select.Selector.Clause acquireClause() {
        return takeClause();
    }

    @Override
    IllegalStateException overGiven() {
        return new IllegalStateException("release() without a matching acquire: all " + limit() + " permits are"
                + " already free; release only a permit you took (withPermit pairs them for you)");
    }

    @Override
    public String toString() {
        int q = queued();
        return "Semaphore[" + free() + " of " + limit() + " free" + (q > 0 ? ", " + q + " waiting]" : "]");
    }
}
