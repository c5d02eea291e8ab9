package io.zsync.internal.task;

import io.zsync.TaskCancelledException;
import io.zsync.channel.Channel;
import io.zsync.internal.time.Clock;
import java.time.Duration;

/**
 * The body of {@code Zsync.ticker}'s task: sleeps on the runtime's clock to each period's end and offers the tick to a
 * channel of capacity 1, dropping it if the last tick was not taken yet. Due times are multiples of the period from
 * the start, so a late wake-up does not shift later ticks; one that wakes several periods late offers one tick,
 * numbered by the periods elapsed, and goes on from there.
 */
public final class Ticker {
    private Ticker() {
    }

    /**
     * Ticks into {@code ticks} until it is closed, or the task is cancelled or fails (which closes it with the cause).
     */
    public static void run(Channel<Long> ticks, Duration period) {
        Clock clock = TaskImpl.currentClock();
        long p = period.toNanos();
        long start = clock.nanoTime();
        long next = 1;
        try {
            while (!ticks.isClosed()) {
                Sleeper.sleepUntil(clock, start + next * p);
                long elapsed = (clock.nanoTime() - start) / p;   // >= next: the tick due now
                ticks.trySend(elapsed);   // full: the receiver has not taken the last tick; this one is dropped
                next = elapsed + 1;
            }
        } catch (TaskCancelledException cancelled) {
            ticks.close(new TaskCancelledException("the ticker was cancelled: the task that started it ended, or its"
                    + " runtime closed", cancelled));
            throw cancelled;
        } catch (RuntimeException | Error failure) {
            ticks.close(failure);   // its receivers see why the ticks stopped, instead of waiting for ever
            throw failure;
        }
    }
}
