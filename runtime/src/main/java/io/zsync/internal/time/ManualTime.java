package io.zsync.internal.time;

import io.zsync.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** The one implementation of {@link ManualClock}. */
public final class ManualTime extends Clock implements ManualClock {
    /*
     * Implementation notes.
     *
     * Time is `now`, a count of nanoseconds from 0 that only advance() moves. A timed park registers a Timer (its
     * deadline and thread) in `timers`, parks without a timeout, and unregisters when it returns; advance() moves
     * `now` first, then unparks every timer that is due. Waiters re-check their deadline against nanoTime(), so a
     * timer woken early or late is harmless; one registered after the move sees the new time before it parks.
     * Auto-advance: a watcher thread per runtime (a daemon, gone when the runtime closes) polls every 100 µs; when
     * a timer is pending and every task of the runtime is waiting in zsync twice in a row with no timer added or
     * removed in between, it advances to the earliest deadline. "Waiting in zsync" (isWaiting) means inside one of
     * this clock's parks — every zsync wait parks through Clock — and parked by thread state. A task briefly blocked
     * on some lock is not waiting in zsync, so it holds time still. A virtual thread that was unparked reads
     * RUNNABLE at once, so for tasks on virtual threads (the default, and what runTest runs main on) "all waiting"
     * cannot be mistaken; a platform thread reads WAITING until it actually resumes, which the second look covers
     * in practice.
     */

    private static final long WATCH_NANOS = 100_000;

    private final boolean autoAdvance;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();   // guarded by lock
    private final ConcurrentHashMap<Thread, Object> waiting = new ConcurrentHashMap<>();   // threads in a park
    private volatile long now;                                           // written under lock
    private long version;                                                // timers added or removed; lock
    private long sequence;                                               // FIFO among equal deadlines; lock

    public ManualTime(boolean autoAdvance) {
        this.autoAdvance = autoAdvance;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void park(Object blocker, long deadline) {
        Timer t;
        lock.lock();
        try {
            if (deadline - now <= 0) {
                return;
            }
            t = new Timer(deadline, sequence++, Thread.currentThread());
            timers.add(t);
            version++;
        } finally {
            lock.unlock();
        }
        try {
            park(blocker);
        } finally {
            lock.lock();
            try {
                if (timers.remove(t)) {
                    version++;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void park(Object blocker) {
        Thread me = Thread.currentThread();
        waiting.put(me, blocker);
        try {
            LockSupport.park(blocker);
        } finally {
            waiting.remove(me);
        }
    }

    /**
     * Whether {@code thread} is parked in a zsync wait now: inside one of this clock's parks, and not woken (a woken
     * virtual thread reads RUNNABLE at once).
     */
    public boolean isWaiting(Thread thread) {
        if (!waiting.containsKey(thread)) {
            return false;
        }
        Thread.State s = thread.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    @Override
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (by.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: advance by zero or more, not " + by);
        }
        long nanos = by.compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) >= 0 ? Long.MAX_VALUE / 4 : by.toNanos();
        List<Thread> due = new ArrayList<>();
        lock.lock();
        try {
            now += nanos;
            collectDueLocked(due);
        } finally {
            lock.unlock();
        }
        for (Thread t : due) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public boolean autoAdvances() {
        return autoAdvance;
    }

    @Override
    public int pendingTimers() {
        lock.lock();
        try {
            return timers.size();
        } finally {
            lock.unlock();
        }
    }

    private void collectDueLocked(List<Thread> due) {
        Timer t;
        while ((t = timers.peek()) != null && t.deadline - now <= 0) {
            timers.poll();
            version++;
            due.add(t.thread);
        }
    }

    /**
     * If this clock auto-advances, starts a daemon watcher that advances to the next timer whenever
     * {@code quiescent} (every task of a runtime is blocked) holds, until {@code stopped} holds.
     */
    public void watch(BooleanSupplier quiescent, BooleanSupplier stopped) {
        if (!autoAdvance) {
            return;
        }
        Thread watcher = new Thread(new Watcher(quiescent, stopped), "zsync-manual-clock");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Advances to the earliest timer if nothing was registered or removed since {@code seen}; true if it did. */
    private boolean advanceToNextTimer(long seen) {
        List<Thread> due = new ArrayList<>();
        lock.lock();
        try {
            Timer first = timers.peek();
            if (first == null || version != seen) {
                return false;
            }
            if (first.deadline - now > 0) {
                now = first.deadline;
            }
            collectDueLocked(due);
        } finally {
            lock.unlock();
        }
        for (Thread t : due) {
            LockSupport.unpark(t);
        }
        return true;
    }

    private long versionIfPending() {
        lock.lock();
        try {
            return timers.isEmpty() ? -1 : version;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ManualClock[elapsed " + elapsed() + (autoAdvance ? ", auto-advancing]" : "]");
    }

    private record Timer(long deadline, long seq, Thread thread) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final class Watcher implements Runnable {
        private final BooleanSupplier quiescent;
        private final BooleanSupplier stopped;

        Watcher(BooleanSupplier quiescent, BooleanSupplier stopped) {
            this.quiescent = quiescent;
            this.stopped = stopped;
        }

        @Override
        public void run() {
            while (!stopped.getAsBoolean()) {
                LockSupport.parkNanos(this, WATCH_NANOS);
                long seen = versionIfPending();
                if (seen < 0 || !quiescent.getAsBoolean()) {
                    continue;
                }
                LockSupport.parkNanos(this, WATCH_NANOS);
                if (quiescent.getAsBoolean()) {
                    advanceToNextTimer(seen);
                }
            }
        }
    }
}
