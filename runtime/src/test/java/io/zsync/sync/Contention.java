package io.zsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskState;
import io.zsync.Zsync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The stress shape shared by the Semaphore and Mutex stress tests: many tasks enter and leave a guarded section in
 * four ways (wait, timed wait, try, the with-helper), while the test cancels random tasks; a counter of holders
 * proves the limit is never exceeded. Length scales with {@code -Dzsync.stress.multiplier}.
 */
final class Contention {
    static final int TASKS = 1_000;
    static final int ROUNDS = 100 * Integer.getInteger("zsync.stress.multiplier", 1);
    static final int CANCELLATIONS = 300;

    /** One way of entering the section. */
    enum Way { WAIT, TIMED, TRY, WITH }

    /** A with-helper: {@code withPermit} or {@code withLock}. */
    interface With {
        void run(Callable<Void> section) throws Exception;
    }

    /** What the test plugs in: the three ways to enter (the timed and try ones report false if not entered), leave. */
    record Guard(Runnable enter, Predicate<Duration> enterTimed, BooleanSupplier tryEnter, Runnable leave,
                 With with) {
        boolean enter(Way way, Duration timeout) {
            return switch (way) {
                case WAIT -> {
                    enter.run();
                    yield true;
                }
                case TIMED -> enterTimed.test(timeout);
                case TRY, WITH -> tryEnter.getAsBoolean();
            };
        }
    }

    final AtomicInteger holders = new AtomicInteger();
    final AtomicInteger maxHolders = new AtomicInteger();
    final AtomicLong entered = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    final AtomicLong busy = new AtomicLong();
    final AtomicLong cancelledWaits = new AtomicLong();   // enter() threw TaskCancelledException
    int cancelled;   // tasks that ended CANCELLED
    int succeeded;   // tasks that ran all their rounds

    private final int limit;

    Contention(int limit) {
        this.limit = limit;
    }

    /** Runs the contention to the end and checks the limit and that every task ended well. */
    void run(Guard guard) throws Exception {
        List<Task<Void>> tasks = Zsync.run(() -> {
            List<Task<Void>> spawned = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                spawned.add(Zsync.<Void>spawn(() -> {
                    rounds(guard);
                    return null;
                }));
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < CANCELLATIONS && !spawned.stream().allMatch(Task::isDone); i++) {
                spawned.get(random.nextInt(TASKS)).cancel();   // spread over the run: tasks wait, hold, leave
                Zsync.sleep(Duration.ofMillis(5));
            }
            Zsync.joinAll(spawned.toArray(Task<?>[]::new));
            return spawned;
        });
        for (Task<Void> t : tasks) {
            Outcome<Void> o = t.poll();
            if (o.state() == TaskState.CANCELLED) {
                cancelled++;
            } else if (o.state() == TaskState.SUCCEEDED) {
                succeeded++;
            } else {
                throw new AssertionError("task " + t.name() + " ended " + o, o instanceof Outcome.Failure<Void> f
                        ? f.cause() : null);
            }
        }
        System.out.printf("contention, limit %d: %d entries, %d timeouts, %d busy tries, %d waits cancelled,"
                        + " %d tasks cancelled, %d completed, at most %d holders%n", limit, entered.get(),
                timedOut.get(), busy.get(), cancelledWaits.get(), cancelled, succeeded, maxHolders.get());
        assertEquals(0, holders.get(), "every holder left");
        assertTrue(maxHolders.get() <= limit, "at most " + limit + " holders, saw " + maxHolders.get());
        assertEquals(limit, maxHolders.get(), "the section was full at some point: the test contended");
        assertTrue(timedOut.get() > 0 && busy.get() > 0 && cancelledWaits.get() > 0 && succeeded > 0,
                "every path was taken");
    }

    private void rounds(Guard guard) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int r = 0; r < ROUNDS; r++) {
            Way way = Way.values()[random.nextInt(Way.values().length)];
            if (way == Way.WITH) {
                guard.with().run(() -> {
                    section();
                    return null;
                });
                continue;
            }
            boolean in;
            try {
                in = guard.enter(way, Duration.ofNanos(random.nextInt(200_000)));
            } catch (TaskCancelledException e) {
                cancelledWaits.incrementAndGet();
                throw e;
            }
            if (!in) {
                (way == Way.TRY ? busy : timedOut).incrementAndGet();
                continue;
            }
            try {
                section();
            } finally {
                guard.leave().run();
            }
        }
    }

    private void section() {
        int now = holders.incrementAndGet();
        maxHolders.accumulateAndGet(now, Math::max);
        entered.incrementAndGet();
        Thread.yield();   // let others pile up behind the limit
        holders.decrementAndGet();
    }
}
