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
import org.jspecify.annotations.Nullable;

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
     * removed in between, it releases the first timer in order, moving time to its deadline if that is later. One
     * timer at a time: the next is released only once everything has settled again (every task waiting in zsync
     * once more), also when it falls due at the same instant. So waits due together take effect one after another,
     * in a fixed order, and equal deadlines give the same result on every run. The order: deadline; then sleeps
     * before other timed waits (the work a sleep stands for is done at its deadline, before a timeout at the same
     * instant gives up on it: a result and a timeout due together, the result wins); then the spawn order of the
     * waiting task (its host gives the rank); then the order of registration. advance(), called by a test's own
     * thread, moves time and releases every due timer at once (it cannot tell when things have settled).
     * "Waiting in zsync" (isWaiting) means inside one of this clock's parks — every zsync wait parks through Clock —
     * and parked by thread state. A task briefly blocked on some lock is not waiting in zsync, so it holds time
     * still. A virtual thread that was unparked reads RUNNABLE at once, so for tasks on virtual threads (the default,
     * and what runTest runs main on) "all waiting" cannot be mistaken; a platform thread reads WAITING until it
     * actually resumes, which the second look covers in practice.
     * Frozen time: while timers are pending, a task blocked outside zsync (a JDK sleep, queue or lock) holds time
     * still forever if nothing else runs. When every task is either waiting in zsync or so blocked, for longer than
     * FROZEN_NANOS of wall time, the watcher tells its host (once per episode), which reports it loudly and, for
     * runTest, cancels the blocked tasks so that the test fails with a message instead of hanging or passing.
     * Maintenance: run ManualClockTest and VirtualTimeTest after a change.
     */

    /**
     * Wall time a task may stay blocked outside zsync, freezing pending timers, before it is reported. System
     * property {@code zsync.test.frozenTimeMillis}, read once; default 1000.
     */
    private static final long FROZEN_NANOS =
            Duration.ofMillis(Math.max(1, Long.getLong("zsync.test.frozenTimeMillis", 1_000))).toNanos();

    /** A timer's kind: a sleep ends at its deadline; any other timed wait gives up there. */
    private static final int SLEEP = 0;
    private static final int TIMEOUT = 1;

    /** What a runtime that runs on this clock tells it, and is told. */
    public interface Host {
        /** Whether every task of the runtime waits in zsync on this clock. */
        boolean isQuiescent();

        /** Whether the runtime has closed: its watcher stops. */
        boolean isStopped();

        /** The rank of the calling thread's task among equal deadlines: its spawn order; MAX_VALUE for none. */
        long rankOfCurrentThread();

        /**
         * The threads of tasks blocked outside zsync (parked or blocked, not in one of this clock's parks), if every
         * other task waits in zsync; empty otherwise (something runs, so time is not frozen).
         */
        List<Thread> blockedOutside();

        /** Time has been frozen by {@code threads} for {@code nanos} of wall time, with timers pending. */
        void frozen(List<Thread> threads, long nanos);
    }

    private static final long WATCH_NANOS = 100_000;

    private final boolean autoAdvance;
    private final boolean failOnFrozen;                                  // runTest: cancel what froze time
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();   // guarded by lock
    private final ConcurrentHashMap<Thread, Object> waiting = new ConcurrentHashMap<>();   // threads in a park
    private volatile long now;                                           // written under lock
    private long version;                                                // timers added or removed; lock
    private long sequence;                                               // FIFO among equal ranks; lock
    private volatile @Nullable Host ranker;                              // the first host: ranks waits
    private volatile @Nullable Throwable frozenReport;                   // the first frozen-time report, if any
    private final Clock wall = new WallTime();

    private ManualTime(boolean autoAdvance, boolean failOnFrozen) {
        this.autoAdvance = autoAdvance;
        this.failOnFrozen = failOnFrozen;
    }

    /**
     * A clock at zero that, if {@code autoAdvance}, moves by itself when its runtime is quiescent, and, if
     * {@code failOnFrozen}, asks its host to cancel the tasks that freeze time (runTest).
     */
    public static ManualTime create(boolean autoAdvance, boolean failOnFrozen) {
        return new ManualTime(autoAdvance, failOnFrozen);
    }

    /** Whether tasks that freeze time are cancelled, not only reported. */
    public boolean failsOnFrozenTime() {
        return failOnFrozen;
    }

    /** Records the first report of frozen time, for runTest to throw. */
    public void frozenReported(Throwable report) {
        if (frozenReport == null) {
            frozenReport = report;
        }
    }

    /** The first report of frozen time, or null. */
    public @Nullable Throwable frozenReport() {
        return frozenReport;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void park(Object blocker, long deadline) {
        parkTimed(blocker, deadline, TIMEOUT);
    }

    @Override
    public void sleep(Object blocker, long deadline) {
        parkTimed(blocker, deadline, SLEEP);
    }

    private void parkTimed(Object blocker, long deadline, int kind) {
        Host h = ranker;
        long rank = h == null ? Long.MAX_VALUE : h.rankOfCurrentThread();
        Timer t;
        lock.lock();
        try {
            if (deadline - now <= 0) {
                return;
            }
            t = new Timer(deadline, kind, rank, sequence++, Thread.currentThread());
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

    @Override
    public Clock wallTime() {
        return wall;
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
     * Lets {@code host} rank this clock's waits and, if this clock auto-advances, starts a daemon watcher that
     * releases the next timer whenever the host is quiescent, until it stops.
     */
    public void watch(Host host) {
        if (ranker == null) {
            ranker = host;
        }
        if (!autoAdvance) {
            return;
        }
        Thread watcher = new Thread(new Watcher(host), "zsync-manual-clock");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Releases the first timer in order, moving time to its deadline if that is later, if nothing was registered or
     * removed since {@code seen}; true if it did.
     */
    private boolean releaseNextTimer(long seen) {
        Timer first;
        lock.lock();
        try {
            first = timers.peek();
            if (first == null || version != seen) {
                return false;
            }
            if (first.deadline - now > 0) {
                now = first.deadline;
            }
            timers.poll();
            version++;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(first.thread);
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

    /** Wall time whose parks count as waits in zsync on this clock (see {@link Clock#wallTime()}). */
    private final class WallTime extends Clock {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void park(Object blocker, long deadline) {
            Thread me = Thread.currentThread();
            waiting.put(me, blocker);
            try {
                LockSupport.parkNanos(blocker, deadline - System.nanoTime());
            } finally {
                waiting.remove(me);
            }
        }

        @Override
        public void park(Object blocker) {
            ManualTime.this.park(blocker);
        }

        @Override
        public String toString() {
            return "wall time of " + ManualTime.this;
        }
    }

    /** A pending timed wait; ordered as the implementation notes say. */
    private record Timer(long deadline, int kind, long rank, long seq, Thread thread) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline - o.deadline, 0);
            if (c == 0) {
                c = Integer.compare(kind, o.kind);
            }
            if (c == 0) {
                c = Long.compare(rank, o.rank);
            }
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final class Watcher implements Runnable {
        private final Host host;
        private long frozenSince;            // System.nanoTime() when a freeze was first seen; 0: none
        private boolean frozenReported;      // this episode was reported

        Watcher(Host host) {
            this.host = host;
        }

        @Override
        public void run() {
            while (!host.isStopped()) {
                LockSupport.parkNanos(this, WATCH_NANOS);
                long seen = versionIfPending();
                if (seen < 0) {
                    frozenSince = 0;
                    frozenReported = false;   // the episode ended: a later one is reported too
                    continue;
                }
                if (!host.isQuiescent()) {
                    watchForFrozenTime();
                    continue;
                }
                frozenSince = 0;
                frozenReported = false;
                LockSupport.parkNanos(this, WATCH_NANOS);
                if (host.isQuiescent()) {
                    releaseNextTimer(seen);
                }
            }
        }

        /** Timers are pending and something holds time still: is it a task blocked outside zsync, for too long? */
        private void watchForFrozenTime() {
            List<Thread> blocked = host.blockedOutside();
            if (blocked.isEmpty()) {
                frozenSince = 0;   // something runs: time is held, not frozen
                frozenReported = false;
                return;
            }
            long t = System.nanoTime();
            if (frozenSince == 0) {
                frozenSince = t;
            } else if (!frozenReported && t - frozenSince > FROZEN_NANOS) {
                frozenReported = true;
                host.frozen(blocked, t - frozenSince);
            }
        }
    }
}
