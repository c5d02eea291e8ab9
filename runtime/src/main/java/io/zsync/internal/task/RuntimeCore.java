package io.zsync.internal.task;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.ZsyncRuntime;
import io.zsync.internal.time.Clock;
import io.zsync.internal.time.ManualTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** What a {@link ZsyncRuntime} is made of: how tasks start, the registry of live tasks, and shutdown. */
public final class RuntimeCore {
    /*
     * Implementation notes.
     *
     *   OPEN ──close()──▶ CLOSING ──every task done or the grace period over──▶ CLOSED
     *
     * Every live task is in `registry` (a TaskRegistry) from spawn until completion. close() closes the registry (no
     * task gets in unseen: see TaskRegistry), cancels what it holds, waits for them until the grace period ends,
     * reports the rest, and lets go. No thread of ours can keep the JVM alive: virtual threads and pool workers are
     * daemon threads, and the blocking model has no threads. A close() from inside one of our tasks cannot wait for
     * that task or for the tasks waiting on it (its ancestors): those are cancelled last, after the wait, and the call
     * returns while they unwind.
     * Maintenance: run RunTest, ExitTest, TaskRegistryStressTest, DetachedTaskTest, VirtualTimeTest and
     * ManualClockTest after a change.
     */

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final AtomicIntegerFieldUpdater<RuntimeCore> STATE =
            AtomicIntegerFieldUpdater.newUpdater(RuntimeCore.class, "state");


    final Config config;
    final boolean deferred;                            // the blocking model: tasks run when first awaited
    final boolean watched;                             // a manual clock's watcher reads the registry (isQuiescent)
    private final ZsyncRuntime facade;
    private final @Nullable ThreadFactory virtualThreads;
    private final @Nullable ForkJoinPool pool;
    private final Clock clock;
    final TaskRegistry registry = new TaskRegistry();
    final Set<Failures.Unobserved> unobserved = ConcurrentHashMap.newKeySet();
    private volatile int state;                        // OPEN, CLOSING, CLOSED; CAS via STATE
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile @Nullable Thread closingThread;   // the thread running close(); written once after the CAS

    /** The runtimes not yet closed, for {@link #findRunningOn}: added when made, removed when closed. */
    private static final Set<RuntimeCore> LIVE = ConcurrentHashMap.newKeySet();

    /** Makes one; see the class. */
    public static RuntimeCore create(Config config, ZsyncRuntime facade) {
        RuntimeCore core = new RuntimeCore(config, facade);
        LIVE.add(core);
        return core;
    }

    /**
     * The task of a live runtime whose own thread is {@code t}, or null: the slow path of TaskImpl.current() for a
     * virtual thread whose uncaught-exception handler is not its task's (user code replaced it). Scans every live
     * runtime's registry; each thread does it once.
     */
    static @Nullable TaskImpl<?> findRunningOn(Thread t) {
        for (RuntimeCore core : LIVE) {
            for (TaskImpl<?> task : core.registry.snapshot()) {
                if (task.runsOn(t)) {
                    return task;
                }
            }
        }
        return null;
    }

    RuntimeCore(Config config, ZsyncRuntime facade) {
        this.config = config;
        this.facade = facade;
        this.deferred = config.executionModel() == ExecutionModel.BLOCKING;
        // Virtual threads stay unnamed, as the JDK leaves them: a name costs a string per spawn, and the JDK's
        // numbered names cost ~10 ms of startup at first use. Task names identify tasks in zsync's reports.
        this.virtualThreads = config.executionModel() == ExecutionModel.VIRTUAL_THREADS
                ? Thread.ofVirtual().factory()
                : null;
        this.pool = config.executionModel() == ExecutionModel.WORK_STEALING ? newPool(config) : null;
        this.watched = config.clock() instanceof ManualTime;
        if (config.clock() instanceof ManualTime manual) {
            this.clock = manual;
            manual.watch(new ClockHost(manual));
        } else {
            this.clock = Clock.SYSTEM;
        }
    }

    /**
     * The live tasks now (ZsyncRuntime.tasks()): one walk of the registry under its lock, which spawns and
     * completions never take, so a monitor that polls it slows no task.
     */
    public List<TaskImpl<?>> liveTasks() {
        return registry.snapshot();
    }

    /** The clock this runtime's waits read: the system's, or a test's manual clock. */
    public Clock clock() {
        return clock;
    }

    /**
     * Whether every live task waits in zsync on {@code clock}: the clock may then advance by itself. A completing
     * task stays in the registry until its waiters have fired (see TaskImpl.completeWith): a callback may still act,
     * as a scope's fail-fast cancel or a joiner's wake-up do, and time must not move before it has.
     */
    private boolean isQuiescent(ManualTime clock) {
        for (TaskImpl<?> t : registry.snapshot()) {
            if (!t.isWaitingOn(clock)) {
                return false;
            }
        }
        return true;
    }

    /** What a manual clock asks this runtime: see ManualTime's notes. */
    private final class ClockHost implements ManualTime.Host {
        private final ManualTime manual;

        ClockHost(ManualTime manual) {
            this.manual = manual;
        }

        @Override
        public boolean isQuiescent() {
            return RuntimeCore.this.isQuiescent(manual);
        }

        @Override
        public boolean isStopped() {
            return isClosed();
        }

        @Override
        public long rankOfCurrentThread() {
            TaskImpl<?> t = TaskImpl.current();
            return t == null ? Long.MAX_VALUE : t.spawnRank();
        }

        @Override
        public List<Thread> blockedOutside() {
            List<Thread> blocked = new ArrayList<>();
            for (TaskImpl<?> t : registry.snapshot()) {
                if (t.isWaitingOn(manual)) {
                    continue;
                }
                Thread thread = t.runnerIfRunning();
                if (thread == null) {
                    return List.of();   // starting or completing: something runs
                }
                Thread.State s = thread.getState();
                if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && s != Thread.State.BLOCKED) {
                    return List.of();   // it runs: time is held by work, not frozen
                }
                blocked.add(thread);
            }
            return blocked;
        }

        @Override
        public void frozen(List<Thread> threads, long nanos) {
            List<TaskImpl<?>> culprits = new ArrayList<>();
            for (TaskImpl<?> t : registry.snapshot()) {
                if (threads.contains(t.runnerIfRunning())) {
                    culprits.add(t);
                }
            }
            if (culprits.isEmpty()) {
                return;   // they moved on meanwhile
            }
            StringBuilder b = new StringBuilder("virtual time is frozen: ")
                    .append(culprits.size() == 1 ? "a task has" : culprits.size() + " tasks have")
                    .append(" been blocked outside zsync for ").append(nanos / 1_000_000).append(" ms of wall time"
                            + " while timers are pending on the manual clock and every other task waits on it. Time"
                            + " moves only when every task waits in a zsync call; a JDK wait (Thread.sleep, a"
                            + " BlockingQueue, a lock, Future.get, Mono.block) holds it still, so a timeout that would"
                            + " fire in production never does. Use Zsync.sleep, channels, Task.await, zsync's"
                            + " Semaphore and Mutex in code run under a manual clock.");
            for (TaskImpl<?> t : culprits) {
                b.append("\n  ").append(t.describe());
            }
            IllegalStateException report = new IllegalStateException(b.toString());
            for (TaskImpl<?> t : culprits) {
                report.addSuppressed(t.whereNow());
            }
            manual.frozenReported(report);
            if (manual.failsOnFrozenTime()) {
                for (TaskImpl<?> t : culprits) {
                    t.cancel();   // runTest: the test fails with this report instead of hanging
                }
            } else {
                Failures.report(config.uncaughtHandler(), report);
            }
        }
    }

    private static ForkJoinPool newPool(Config config) {
        AtomicLong ids = new AtomicLong();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(config.threadNamePrefix() + ids.incrementAndGet());
            t.setDaemon(true);   // a pool worker never keeps the JVM alive
            return t;
        };
        // Tasks catch everything they throw, so the pool's handler never runs; asyncMode: FIFO for spawned tasks.
        return new ForkJoinPool(config.workers(), factory, null, true);
    }

    public Config config() {
        return config;
    }

    public ZsyncRuntime facade() {
        return facade;
    }

    public boolean isClosed() {
        return state != OPEN;
    }

    // ---- spawning ----

    /**
     * Spawns {@code body} as a task named {@code name} (null: numbered): the calling task's child unless
     * {@code owner} (an executor's set) is given.
     *
     * @throws RejectedExecutionException if the runtime or the owner is closed
     */
    public <T> TaskImpl<T> spawn(Callable<? extends T> body, @Nullable String name, @Nullable TaskSet owner) {
        return spawn(body, name, owner, false);
    }

    /** As {@link #spawn(Callable, String, TaskSet)}; {@code alwaysRuns}: the body runs even if cancelled first. */
    <T> TaskImpl<T> spawn(Callable<? extends T> body, @Nullable String name, @Nullable TaskSet owner,
                          boolean alwaysRuns) {
        TaskImpl<?> current = TaskImpl.current();
        TaskImpl<?> parent = owner == null && current != null && current.core == this ? current : null;
        TaskImpl<T> task = newTask(body, name, parent, owner, alwaysRuns);
        if (owner != null) {
            boolean added = false;
            try {
                added = owner.add(task);
            } finally {
                if (!added) {
                    task.discard();   // done, so that a closer that glimpsed it in the set does not wait for it
                }
            }
            if (!added) {
                throw new RejectedExecutionException("this executor is shut down: spawn tasks before shutdown() or"
                        + " close(), or create a new executor");
            }
            task.admit();   // (cancelled meanwhile by a closer: completes it, or lets a command run)
        }
        if (parent != null) {
            parent.adopt(task);   // cancels the task if the parent is being cancelled
        }
        if (task.isUnstarted()) {
            launch(task);   // also if a closer cancelled a command meanwhile: its body must run (NEW_CANCELLED)
        }
        return task;
    }

    /** Creates the root task of {@code Zsync.run}; the caller runs it on its own thread. */
    public <T> TaskImpl<T> newRoot(Callable<? extends T> main) {
        return newTask(main, "main", null, null, false);
    }

    private <T> TaskImpl<T> newTask(Callable<? extends T> body, @Nullable String name, @Nullable TaskImpl<?> parent,
                                    @Nullable TaskSet owner, boolean alwaysRuns) {
        Throwable site = config.captureSpawnSites() ? new Throwable("spawned here") : null;
        TaskImpl<T> task = new TaskImpl<>(this, registry, 0L, body, name, parent, owner, site, alwaysRuns);
        if (!registry.publish(task)) {
            throw new RejectedExecutionException("this zsync runtime is closed: spawn tasks before close(), or"
                    + " create a new one with ZsyncRuntime.create(config) or Zsync.run(...)");
        }
        return task;
    }

    private void launch(TaskImpl<?> task) {
        try {
            if (virtualThreads != null) {
                task.startOn(virtualThreads.newThread(task));
            } else if (pool != null) {
                pool.execute(task);
            }
            // the blocking model starts nothing: the task runs when first awaited
        } catch (Throwable e) {
            task.discard();   // never started: completes as cancelled (a command too) and leaves the registry
            throw e;
        }
    }

    // ---- closing ----

    /** Cancels every task, waits up to the grace period, reports what is left. Idempotent; any thread. */
    public void close() {
        if (!STATE.compareAndSet(this, OPEN, CLOSING)) {
            TaskImpl<?> current = TaskImpl.current();
            if ((current == null || current.core != this) && closingThread != Thread.currentThread()) {
                awaitClosed();   // (the closing thread itself re-enters from a handler or a callback: return)
            }
            return;
        }
        closingThread = Thread.currentThread();
        try {
            cancelAndAwait(registry.close(), "the runtime began to close");
            if (pool != null) {
                pool.shutdownNow();
            }
            for (Failures.Unobserved u : List.copyOf(unobserved)) {
                u.run();
            }
        } finally {
            LIVE.remove(this);
            STATE.lazySet(this, CLOSED);
            closed.countDown();
        }
    }

    /** The calling task and its ancestors, if the caller is one of our tasks. */
    private Set<TaskImpl<?>> callerChain() {
        Set<TaskImpl<?>> chain = new HashSet<>();
        for (TaskImpl<?> t = TaskImpl.current(); t != null && t.core == this; t = t.parent()) {
            chain.add(t);
        }
        return chain;
    }

    private void awaitClosed() {
        boolean interrupted = false;
        while (closed.getCount() > 0) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Cancels {@code tasks}, waits for them until the grace period ends, and reports those still running. The
     * calling task and its ancestors, if among them, are not waited for (they wait for this call): they are
     * cancelled last, and unwind after this call returns.
     */
    void cancelAndAwait(List<TaskImpl<?>> tasks, String since) {
        Set<TaskImpl<?>> callers = callerChain();
        List<TaskImpl<?>> others = new ArrayList<>(tasks.size());
        for (TaskImpl<?> t : tasks) {
            if (!callers.contains(t)) {
                others.add(t);
                t.cancel();
            }
        }
        Clock wall = clock.wallTime();   // the grace period is real time; under a manual clock, a zsync wait
        long deadline = wall.deadlineAfter(config.shutdownGrace());
        List<TaskImpl<?>> stragglers = new ArrayList<>();
        boolean interrupted = Thread.interrupted();   // an interrupted closer still waits out the grace period
        try {
            for (TaskImpl<?> t : others) {
                if (!t.joinQuietly(deadline, wall)) {
                    stragglers.add(t);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (!stragglers.isEmpty()) {
            reportStragglers(stragglers, since);
        }
        for (TaskImpl<?> t : tasks) {
            if (callers.contains(t)) {
                t.cancel();
            }
        }
    }

    private void reportStragglers(List<TaskImpl<?>> stragglers, String since) {
        StringBuilder b = new StringBuilder()
                .append(stragglers.size()).append(stragglers.size() == 1 ? " task was" : " tasks were")
                .append(" still running ").append(config.shutdownGrace().toMillis()).append(" ms after ").append(since)
                .append(". They were cancelled (interrupted) but did not stop; their threads are daemon threads and"
                        + " cannot keep the JVM alive. Make such code return when interrupted: check"
                        + " Thread.interrupted() in loops and use interruptible waits (Zsync.sleep, Task.await).");
        for (TaskImpl<?> t : stragglers) {
            b.append("\n  ").append(t.describe());
        }
        IllegalStateException report = new IllegalStateException(b.toString());
        for (TaskImpl<?> t : stragglers) {
            report.addSuppressed(t.whereNow());
        }
        Failures.report(config.uncaughtHandler(), report);
    }
}
