package io.zsync.internal.task;

import io.zsync.TaskCancelledException;
import io.zsync.internal.time.Clock;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;

/** Interruptible sleep on the runtime's clock that lets a work-stealing pool compensate for the sleeping worker. */
public final class Sleeper implements ForkJoinPool.ManagedBlocker {
    private final Clock clock;
    private final long deadline;

    private Sleeper(Clock clock, long deadline) {
        this.clock = clock;
        this.deadline = deadline;
    }

    /**
     * Sleeps for {@code duration} (zero or more) of the calling task's clock, or until the calling thread is
     * interrupted.
     *
     * @throws TaskCancelledException if interrupted; the interrupt flag stays set
     */
    public static void sleep(Duration duration) {
        Clock clock = TaskImpl.currentClock();
        sleepUntil(clock, clock.deadlineAfter(duration));
    }

    /**
     * Sleeps until {@code deadline} of {@code clock}, or until the calling thread is interrupted.
     *
     * @throws TaskCancelledException if interrupted; the interrupt flag stays set
     */
    static void sleepUntil(Clock clock, long deadline) {
        Sleeper s = new Sleeper(clock, deadline);
        try {
            ForkJoinPool.managedBlock(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new TaskCancelledException("sleep interrupted: the task was cancelled (or its thread interrupted)");
        }
    }

    @Override
    public boolean isReleasable() {
        return Thread.currentThread().isInterrupted() || clock.isPast(deadline);
    }

    @Override
    public boolean block() {
        if (!isReleasable()) {
            clock.sleep(this, deadline);
        }
        return isReleasable();
    }
}
