package io.zsync.internal.task;

import io.zsync.TaskCancelledException;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;

/** Interruptible sleep that lets a work-stealing pool compensate for the sleeping worker. */
public final class Sleeper implements ForkJoinPool.ManagedBlocker {
    private final long deadline;

    private Sleeper(long deadline) {
        this.deadline = deadline;
    }

    /**
     * Sleeps for {@code duration} (zero or more), or until the calling thread is interrupted.
     *
     * @throws TaskCancelledException if interrupted; the interrupt flag stays set
     */
    public static void sleep(Duration duration) {
        Sleeper s = new Sleeper(TaskImpl.deadlineAfter(duration));
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
        return Thread.currentThread().isInterrupted() || deadline - System.nanoTime() <= 0;
    }

    @Override
    public boolean block() {
        if (!isReleasable()) {
            LockSupport.parkNanos(this, deadline - System.nanoTime());
        }
        return isReleasable();
    }
}
