package io.zsync.internal.task;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskFailedException;
import io.zsync.TaskState;
import io.zsync.TaskTimeoutException;
import io.zsync.internal.select.Selector;
import io.zsync.internal.flow.Downstream;
import io.zsync.internal.time.Clock;
import io.zsync.internal.time.ManualTime;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;

/** The one implementation of {@link Task}. */
public final class TaskImpl<T> implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {
    /*
     * Implementation notes.
     *
     * Roles: one runner, the thread that wins NEW→RUNNING (a fresh virtual thread, a pool worker, or the caller for
     * a root task and under the blocking model); any number of waiters, subscribers and cancellers.
     *
     *   NEW ──run()──▶ RUNNING ──body returns or throws──────────────────────────────────▶ DONE
     *    │                │
     *    │cancel()        │cancel(): CAS, interrupt runner
     *    ▼                ▼
     *   DONE          INTERRUPTING ──interrupt sent──▶ CANCELLING ──body returns or throws──▶ DONE (cancelled)
     *
     * A task spawned into a set (an executor's, a scope's) is UNADMITTED until the set takes it (admit: NEW) or
     * refuses it (discard: DONE, cancelled). A closing set's list can hold a task it is about to refuse (TaskSet's
     * Dekker protocol), so nobody but its spawner starts it meanwhile: under the blocking model a join awaiting the
     * executor's termination waits out the verdict, a few instructions away, up to its deadline (otherwise it
     * could run the body of a task whose spawn was refused: shown with a pause injected into TaskSet.add; the
     * model checker did not reach that window). A cancel meanwhile does not wait: it leaves UNADMITTED_CANCELLED,
     * and the spawner completes the task as cancelled (or, a command, lets it run interrupted). So a spawner that
     * dies in between (a StackOverflowError) leaves a task that a closer reports, not one it waits on forever.
     *
     * Linearization points: the outcome is decided by the CAS that leaves RUNNING (the runner's RUNNING→DONE decides
     * success or failure, cancel's RUNNING→INTERRUPTING decides cancelled) or by cancel's NEW→DONE. It is published
     * by the release store to `result`; waiters are woken after that store.
     * Result: one field for every outcome, so that a success allocates nothing: the value itself (NIL for null, an
     * Outcome.Success around a value that is itself an Outcome), an Unobserved record for a failure (it holds the
     * cause), or an Outcome.Cancelled. Outcome objects for a success are made only when asked for (poll, join).
     * Interrupt hygiene: cancel interrupts `runner` only while the state is INTERRUPTING. A runner that loses the
     * race waits until INTERRUPTING has passed, then clears its interrupt flag, so that a pool worker or the caller
     * of an inline run never carries this task's interrupt into the next thing it runs.
     * Waiters: a Treiber stack in `waiters`. Completion (Dekker, as FutureTask does): `state` becomes DONE by a CAS
     * or a volatile write, then completion reads `waiters`, and only if a node is there swaps in TOMBSTONE and fires
     * every node once; a waiter pushes its node by CAS, then reads `state`. One of the two sees the other: if the
     * waiter sees DONE, completion may have read the stack before the push, so the waiter takes the stack over
     * itself (fireWaiters). Each node is fired by whoever took it off, so once. Most tasks are never waited for
     * while running, and finish with no atomic beyond their two CASes. A waiter that gives up (timeout, interrupt,
     * cancelled subscription) marks its node dead and unlinks dead nodes, so a task polled with timeouts for hours
     * does not accumulate nodes.
     * Leaving the sets: a completion publishes its outcome, then leaves the registry, its executor's set and its
     * parent's children, then wakes its waiters. So a closer (runtime, executor, scope) that no longer finds a task
     * in a set knows it is done; whoever sees the outcome (an awaiter included: a parked one may return as soon as
     * the outcome is there) may still find the task in a set for a moment, as with the JDK's executors. The other
     * order let close() return while a task it had skipped was still unpublished (found by TaskRegistryStressTest
     * in CI; TaskRegistryLincheckTest now checks this order).
     * Children: `children` is created on the first child; cancel swaps in TaskSet.CLOSED_EMPTY and closes the old
     * set (TaskSet's Dekker protocol), so a child adopted concurrently with cancel is cancelled either way.
     * cancelChildren swaps in null instead (the next child makes a fresh set) and closes the old one the same way; a
     * child of the old set that ends later removes itself from the current set, where it is not: a no-op.
     * Unobserved failures: before a failure is published, completeWith registers a Failures.Unobserved record (with
     * the runtime, for close, and with a Cleaner, for when the handle is collected); the record is the result.
     * Whoever then sees the failure (await, join, poll, a subscriber's onError) settles the record, which reports
     * only if never settled. So a failure someone saw is never reported, one nobody saw is reported once, and a
     * program that sees isDone() and closes its runtime cannot close before the record is registered.
     * Current task: a task with a thread of its own (a virtual thread started for it, written to `runner` before the
     * thread starts) is made, just before the thread starts, that thread's uncaught exception handler, which is how
     * current() finds it without a ThreadLocal: a ThreadLocal's map would be the largest allocation of a spawn (~150
     * of ~600 bytes, measured with JMH -prof gc; measured again with the paired harness, 2-3 % slower than the
     * handler, whose two volatile writes, here and at the thread's exit, are ~2.5 % of spawn+await's samples).
     * Tasks run on shared threads (pool workers, the caller) use the ThreadLocal. Nothing escapes run(), so the
     * handler is only a backstop. User code may replace its thread's handler (any library may); current() then finds
     * the task by a scan of the live runtimes' registries (a task whose `runner` is the thread), once per thread,
     * and keeps the answer in the ThreadLocal (a virtual thread that runs no task keeps NOT_A_TASK). The fast path
     * stays the handler's: a ThreadLocal for every task measured 10 % slower in bench/ab.sh's fast mode.
     * The scan costs O(live tasks) once per virtual thread that is not a task's own, or whose handler was replaced
     * (a user's Thread.ofVirtual() thread that calls zsync): cheap beside a thread's start unless a program keeps
     * very many tasks alive and starts very many foreign virtual threads that each call zsync once. The remembered
     * task counts only while it runs. DetachedTaskTest holds this.
     * Maintenance: run TaskTest, TaskStressTest, TaskAdmissionTest, TaskLincheckTest, CancellationWakesTest,
     * DetachedTaskTest and TaskPublisherVerificationTest (tck) after a change.
     */

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int CANCELLING = 3;
    private static final int DONE = 4;
    private static final int NEW_CANCELLED = 5;   // cancelled before start, but its body must still run, interrupted
                                                  // (executor commands: a FutureTask or CompletableFuture completes
                                                  // only if its run() runs)
    private static final int UNADMITTED = 6;      // spawned into a set that has not yet taken it: see the notes
    private static final int UNADMITTED_CANCELLED = 7;   // … and cancelled meanwhile

    // Field updaters rather than VarHandles: a VarHandle's first use spins method-handle forms, ~10 ms of every
    // program's startup (bench/exit-latency.sh); an updater is a plain atomic underneath. Same orderings.
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<TaskImpl> STATE =
            AtomicIntegerFieldUpdater.newUpdater(TaskImpl.class, "state");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskImpl, Waiter> WAITERS =
            AtomicReferenceFieldUpdater.newUpdater(TaskImpl.class, Waiter.class, "waiters");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskImpl, TaskSet> CHILDREN =
            AtomicReferenceFieldUpdater.newUpdater(TaskImpl.class, TaskSet.class, "children");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskImpl, Object> RESULT =
            AtomicReferenceFieldUpdater.newUpdater(TaskImpl.class, Object.class, "result");
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<TaskImpl> ID = AtomicLongFieldUpdater.newUpdater(TaskImpl.class, "id");
    private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong();
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskImpl, Thread> RUNNER =
            AtomicReferenceFieldUpdater.newUpdater(TaskImpl.class, Thread.class, "runner");

    /**
     * The task whose body runs on this shared thread (pool worker, caller), if any; on a virtual thread whose handler
     * is not its task's, what a scan found: the task, or NOT_A_TASK. See Current task.
     */
    private static final ThreadLocal<@Nullable Object> CURRENT = new ThreadLocal<>();

    /** CURRENT of a virtual thread that runs no task (a scan found none). */
    private static final Object NOT_A_TASK = new Object();

    /** The result of a task whose value is null. */
    private static final Object NIL = new Object();

    /** Marks a completed task's waiter stack. */
    private static final Waiter TOMBSTONE = new Waiter() {
        @Override
        void fire() {
        }

        @Override
        boolean isDead() {
            return true;
        }
    };

    final RuntimeCore core;
    private volatile long id;                         // 0 until first needed (name, hash): see id(); CAS via ID
    private final @Nullable TaskImpl<?> parent;       // the task that spawned this one, if any
    private final @Nullable TaskSet owner;            // the executor's set this task belongs to, if any
    private final @Nullable Object origin;            // the given name (a String), where spawn was called (a
                                                      // Throwable, if Config.captureSpawnSites), both (a Named), or
                                                      // null: most tasks have neither, so one field for the two

    final boolean alwaysRuns;                         // executor commands: see NEW_CANCELLED
    final @Nullable Object[] slots;                   // the registry's chunk that holds this task, and in which
    final int slot;                                   // slot: reserved by the constructor (final: see TaskRegistry)
    private @Nullable Callable<? extends T> body;     // run by the runner; cleared on completion so captures can go
    private volatile int state;                       // NEW … DONE, see the diagram; CAS via STATE
    private boolean hostsInline;                      // a task ran inline on this task's own thread: current() must
                                                      // look in CURRENT; written and read by that thread only
    private volatile @Nullable Thread runner;         // a thread of its own is written before Thread.start, so
                                                      // before the runner's NEW→RUNNING CAS; a shared thread's runner
                                                      // writes it after that CAS, then re-reads `state`; cancel CASes
                                                      // `state`, then reads this: one of the two sees the other
    private volatile @Nullable Object result;         // null while pending; written once by completeWith (see Result)
    private volatile @Nullable Waiter waiters;        // stack of waiters; TOMBSTONE once taken; CAS via WAITERS
    private volatile @Nullable TaskSet children;      // lazily created; CLOSED_EMPTY after cancel; CAS via CHILDREN

    /**
     * A task that reserves its slot in {@code registry}; its spawner then calls {@link TaskRegistry#publish}.
     * {@code id}: 0 to draw one when first needed (tests give one).
     */
    TaskImpl(RuntimeCore core, TaskRegistry registry, long id, Callable<? extends T> body, @Nullable String name,
             @Nullable TaskImpl<?> parent, @Nullable TaskSet owner, @Nullable Throwable spawnSite,
             boolean alwaysRuns) {
        this.core = core;
        if (owner != null) {
            STATE.lazySet(this, UNADMITTED);   // released by the registry's and the set's publication of the task
        }
        if (id != 0) {
            this.id = id;   // (a volatile write, so only when given: tests)
        } else if (core.watched) {
            this.id = NEXT_ID.incrementAndGet();   // a manual clock ranks waits by spawn order: draw it now
        }
        this.body = body;
        this.parent = parent;
        this.owner = owner;
        this.origin = name == null ? spawnSite : spawnSite == null ? name : new Named(name, spawnSite);
        this.alwaysRuns = alwaysRuns;
        TaskRegistry.Chunk c = registry.current();
        int i;
        while ((i = c.reserve()) < 0) {
            c = registry.next(c);
        }
        this.slots = c.slots;   // not the chunk: its reservation counter is the spawners' line
        this.slot = i;
    }

    /**
     * Returns the task whose body runs on the calling thread, or null. Its first call on a virtual thread that is not
     * a task's may scan the live runtimes' registries under their locks, and so park: a waiter must never call it
     * (nor currentClock) between its last look at what it waits for and its park, or the park may swallow the
     * wake-up (the waits look the clock up first).
     */
    public static @Nullable TaskImpl<?> current() {
        Thread t = Thread.currentThread();
        TaskImpl<?> own = ownTaskOf(t);
        if (own != null) {
            // A task run inline on it (e.g. a nested Zsync.run's root) is in CURRENT; unless one ever was, do not
            // look: a lookup would create the thread's ThreadLocal map.
            Object inline = own.hostsInline ? CURRENT.get() : null;
            return inline instanceof TaskImpl<?> i ? i : own;
        }
        Object c = CURRENT.get();
        if (c instanceof TaskImpl<?> task) {
            return task.result == null ? task : null;   // a task found by the scan below, once done, is not current
        }
        if (c == null && t.isVirtual()) {
            // a virtual thread not yet looked at whose handler is not a task's: user code may have replaced the
            // handler of a task's own thread. Find out once, by a scan of the live runtimes, and remember.
            TaskImpl<?> found = RuntimeCore.findRunningOn(t);
            CURRENT.set(found != null ? found : NOT_A_TASK);
            return found;
        }
        return null;
    }

    /** Whether this task runs now on {@code t}, a thread of its own (RuntimeCore.findRunningOn). */
    boolean runsOn(Thread t) {
        return runner == t && result == null && !shared(t);
    }

    private boolean shared(Thread t) {
        return !t.isVirtual();   // own threads are virtual; pool workers and callers find their task in CURRENT
    }

    /** The clock of the runtime running the calling task; the system clock outside tasks. */
    public static Clock currentClock() {
        TaskImpl<?> task = current();
        return task == null ? Clock.SYSTEM : task.core.clock();
    }

    /** The running task whose own thread {@code t} is, or null. */
    private static @Nullable TaskImpl<?> ownTaskOf(Thread t) {
        return t.isVirtual() && t.getUncaughtExceptionHandler() instanceof TaskImpl<?> own && own.runner == t
                && own.result == null ? own : null;
    }

    /** Starts this task on {@code thread}, a new thread of its own. */
    void startOn(Thread thread) {
        RUNNER.lazySet(this, thread);   // release, and Thread.start orders it before the runner's NEW→RUNNING CAS, so
                                        // a cancel whose CAS follows that one sees it
        thread.setUncaughtExceptionHandler(this);   // how current() finds this task (after `runner`: ownTaskOf reads
                                                    // them in the other order). Here rather than in run(): next to
                                                    // start's own atomics its fence costs less (paired harness, ~1 %)
        thread.start();
    }

    /** A backstop: run() catches everything its body throws, so only a failure of zsync itself lands here. */
    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        Failures.report(core.config.uncaughtHandler(), failure);
    }

    /** Returns the runtime that runs this task. */
    public RuntimeCore core() {
        return core;
    }

    @Nullable TaskImpl<?> parent() {
        return parent;
    }

    // ---- running ----

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        boolean cancelledBeforeStart = false;
        if (!STATE.compareAndSet(this, NEW, RUNNING)) {
            if (STATE.compareAndSet(this, NEW_CANCELLED, CANCELLING)) {
                cancelledBeforeStart = true;   // run the body interrupted: see NEW_CANCELLED
            } else {
                // Cancelled before it started (or run elsewhere). Return only once the outcome is visible, so that
                // whoever sees this call return also sees the task done (found by TaskLincheckTest).
                if (state == DONE) {
                    awaitPublication();
                }
                return;
            }
        }
        boolean shared = runner != me;   // (a thread of its own is the runner from the start)
        if (shared) {
            runner = me;
        }
        if (cancelledBeforeStart || state != RUNNING) {
            me.interrupt();   // cancel() won before `runner` was set, and could not interrupt us
        }
        Callable<? extends T> code = Objects.requireNonNull(body);
        Object outer = null;
        if (shared) {
            TaskImpl<?> host = ownTaskOf(me);
            if (host != null) {
                host.hostsInline = true;   // before CURRENT is set: current() on this thread looks from now on
            }
            outer = CURRENT.get();
            CURRENT.set(this);
        }
        T value = null;
        Throwable failure = null;
        try {
            value = code.call();
        } catch (Throwable e) {
            failure = e;
        } finally {
            if (shared) {
                CURRENT.set(outer);
            }
        }
        Object result;
        if (STATE.compareAndSet(this, RUNNING, DONE)) {
            // A cancellation that escapes the body (it awaited a cancelled task, or was woken by an interrupt it did
            // not own) cancels this task too, as in kotlinx: it is not a failure to report.
            result = failure == null ? (value == null ? NIL : value instanceof Outcome<?> ? new Outcome.Success<>(value)
                    : value)
                    : failure instanceof CancellationException ? new Outcome.Cancelled<>(failure)
                    : new Failures.Unobserved(core, name(), failure);
        } else {
            for (int spins = 0; state == INTERRUPTING; spins++) {
                spinOrYield(spins);   // cancel() is between its CAS and its interrupt
            }
            Thread.interrupted();      // consume cancel's interrupt (see Interrupt hygiene)
            if (outer instanceof TaskImpl<?> o && o.isCancelRequested()) {
                me.interrupt();        // an inline run shares its thread with an outer task that was cancelled too
            }
            state = DONE;              // volatile: completeWith's read of `waiters` comes after it (see Waiters)
            result = new Outcome.Cancelled<>(isCancellationSignal(failure) ? null : failure);
        }
        if (shared && me instanceof java.util.concurrent.ForkJoinWorkerThread) {
            Thread.interrupted();      // a pool worker starts its next task clean, whoever interrupted this one
        }
        completeWith(result);
    }

    private boolean isCancelRequested() {
        int s = state;
        return s == INTERRUPTING || s == CANCELLING || s == NEW_CANCELLED || s == UNADMITTED_CANCELLED;
    }

    private void awaitPublication() {
        for (int spins = 0; result == null; spins++) {
            spinOrYield(spins);   // decided, about to be published: a few instructions away
        }
    }

    private static void spinOrYield(int spins) {
        if (spins < 100) {
            Thread.onSpinWait();
        } else {
            Thread.yield();       // the other party may be descheduled: let it run
        }
    }

    /** Under the blocking model, runs a task nobody has started on the calling thread. */
    void runIfDeferred() {
        runIfDeferred(false, 0L, Clock.SYSTEM);
    }

    /** As {@link #runIfDeferred()}, waiting out the set's verdict on an unadmitted task only until the deadline. */
    private void runIfDeferred(boolean timed, long deadline, Clock clock) {
        if (core.deferred) {
            for (int spins = 0; isUnadmitted(); spins++) {
                if (timed && clock.isPast(deadline)) {
                    return;
                }
                spinOrYield(spins);   // its spawner is a few instructions from admit() or discard()
            }
            if (isUnstarted()) {
                run();
            }
        }
    }

    private boolean isUnadmitted() {
        int s = state;
        return s == UNADMITTED || s == UNADMITTED_CANCELLED;
    }

    /**
     * The set this task was spawned into took it: it may start. Cancelled meanwhile, it is completed as cancelled
     * here, or, a command, left to run interrupted (NEW_CANCELLED). Its spawner only, after the set's add.
     */
    void admit() {
        if (!STATE.compareAndSet(this, UNADMITTED, NEW)) {   // then UNADMITTED_CANCELLED, cancel()'s one move
            if (alwaysRuns) {
                state = NEW_CANCELLED;
            } else {
                state = DONE;
                completeWith(new Outcome.Cancelled<T>(null));
            }
        }
    }

    private static boolean isCancellationSignal(@Nullable Throwable t) {
        return t == null || t instanceof InterruptedException || t instanceof CancellationException
                || t instanceof ClosedByInterruptException;
    }

    /** Publishes {@code result}, the task being DONE already, leaves the task's sets, and wakes the waiters. */
    private void completeWith(Object result) {
        body = null;
        if (result instanceof Failures.Unobserved record) {
            record.watch(this);
        }
        RESULT.lazySet(this, result);   // release; then leave the sets: see Leaving the sets
        boolean watched = core.watched;
        if (!watched) {
            core.registry.remove(this);
        }
        TaskSet o = owner;
        if (o != null) {
            o.remove(this);
        }
        TaskImpl<?> p = parent;
        if (p != null) {
            TaskSet siblings = p.children;
            if (siblings != null) {
                siblings.remove(this);
            }
        }
        try {
            if (waiters != null) {          // after `state` became DONE: see Waiters
                fireWaiters(null);
            }
        } finally {
            if (watched) {
                core.registry.removeUnderLock(this);   // last: a manual clock must not move while callbacks run
            }
        }
    }

    /**
     * Takes the waiter stack and fires its nodes, except {@code own} (a node the caller has just pushed); returns
     * whether {@code own} was among them. Only once the task is DONE.
     */
    private boolean fireWaiters(@Nullable Waiter own) {
        awaitPublication();   // a waiter that takes the stack over may be ahead of the publication
        boolean found = false;
        Waiter w = WAITERS.getAndSet(this, TOMBSTONE);
        while (w != null && w != TOMBSTONE) {
            Waiter next = w.next;
            if (w == own) {
                found = true;
            } else {
                w.fire();
            }
            w = next;
        }
        return found;
    }

    /** Call after seeing a terminal result: a failure someone has seen is not reported as unobserved. */
    private static Object observe(Object r) {
        if (r instanceof Failures.Unobserved record) {
            record.settle();
        }
        return r;
    }

    /** The outcome a terminal result stands for. */
    @SuppressWarnings("unchecked")
    private static <T> Outcome<T> outcomeOf(Object r) {
        if (r instanceof Outcome<?> o) {
            return (Outcome<T>) o;   // a Cancelled, or a Success around a value that is an Outcome
        } else if (r instanceof Failures.Unobserved record) {
            return new Outcome.Failure<>(record.cause());
        }
        return new Outcome.Success<>(r == NIL ? null : (T) r);
    }

    // ---- cancellation and children ----

    @Override
    public boolean cancel() {
        for (;;) {
            int s = state;
            if (s == UNADMITTED) {   // a closer found it in its set's list: its spawner acts on this (admit, discard)
                if (STATE.compareAndSet(this, UNADMITTED, UNADMITTED_CANCELLED)) {
                    return true;
                }
            } else if (s == NEW) {
                if (alwaysRuns) {
                    if (STATE.compareAndSet(this, NEW, NEW_CANCELLED)) {
                        return true;   // its body runs, interrupted, when it starts
                    }
                } else if (STATE.compareAndSet(this, NEW, DONE)) {
                    closeChildren();
                    completeWith(new Outcome.Cancelled<T>(null));
                    return true;
                }
            } else if (s == RUNNING) {
                if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
                    try {
                        Thread t = runner;
                        if (t != null) {
                            t.interrupt();
                        }
                    } finally {
                        STATE.lazySet(this, CANCELLING);
                    }
                    closeChildren();
                    return true;
                }
            } else {
                if (s == DONE) {
                    closeChildren();   // a finished parent's children may still run: cancelling it reaches them
                }
                return false;
            }
        }
    }

    /**
     * Completes, as cancelled, a task whose spawn was refused after it was created: it never starts, whatever its
     * kind (an executor command's body included), and leaves the sets it was glimpsed in.
     */
    void discard() {
        for (;;) {
            int s = state;
            if (!isUnadmitted() && !isUnstarted()) {
                return;   // a launch failed after admission, and a closer had completed the task meanwhile
            }
            if (STATE.compareAndSet(this, s, DONE)) {
                completeWith(new Outcome.Cancelled<T>(null));
                return;
            }
        }
    }

    /** Cancels the children and closes the set to new ones: this task is cancelled (see Children). */
    private void closeChildren() {
        TaskSet old = CHILDREN.getAndSet(this, TaskSet.CLOSED_EMPTY);
        if (old != null && old != TaskSet.CLOSED_EMPTY) {
            for (TaskImpl<?> child : old.close()) {
                child.cancel();
            }
        }
    }

    @Override
    public void cancelChildren() {
        for (;;) {
            TaskSet old = children;
            if (old == null || old.isClosed()) {
                return;   // no child yet, or this task is cancelled: its cancel reached them
            }
            // A fresh set takes later children; the old one is closed, so a child adopted into it concurrently (by
            // another thread holding this task) is cancelled either way, as with cancel.
            if (CHILDREN.compareAndSet(this, old, null)) {
                for (TaskImpl<?> child : old.close()) {
                    child.cancel();
                }
                return;
            }
        }
    }

    /**
     * Makes {@code child} this task's child; a child of a cancelled task is cancelled at once.
     *
     * @return false if it was cancelled at once
     */
    boolean adopt(TaskImpl<?> child) {
        for (;;) {
            TaskSet set = children;
            if (set == null) {
                set = new TaskSet();
                if (!CHILDREN.compareAndSet(this, null, set)) {
                    continue;
                }
            }
            if (set.add(child)) {
                return true;
            }
            if (set == TaskSet.CLOSED_EMPTY) {   // this task is cancelled
                child.cancel();
                return false;
            }
            // cancelChildren swapped this set out and closed it: the child is adopted after it, into the next set
        }
    }

    /** Whether the task is yet to start: new, or an executor command cancelled before it started, which must run. */
    boolean isUnstarted() {
        int s = state;
        return s == NEW || s == NEW_CANCELLED;
    }

    // ---- waiting ----

    @Override
    public T await() {
        Object r = result;   // (the common case first: done already)
        return valueOf(r != null ? observe(r) : Objects.requireNonNull(waitFor(false, 0L, Clock.SYSTEM)));
    }

    @Override
    public T await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null: pass how long to wait, for example"
                + " Duration.ofSeconds(5), or call await() to wait without a limit");
        Clock clock = currentClock();
        Object r = waitFor(true, clock.deadlineAfter(timeout), clock);
        if (r == null) {
            throw new TaskTimeoutException("task '" + name() + "' did not finish within " + timeout
                    + "; it keeps running: cancel() it if its result is no longer needed");
        }
        return valueOf(r);
    }

    @Override
    public Outcome<T> join() {
        return outcomeOf(Objects.requireNonNull(waitFor(false, 0L, Clock.SYSTEM)));
    }

    /**
     * Waits until done or {@code deadline} of {@code clock}; returns quietly (interrupt flag kept) if the caller is
     * interrupted.
     */
    boolean joinQuietly(long deadline, Clock clock) {
        try {
            return waitFor(true, deadline, clock) != null;
        } catch (TaskCancelledException interrupted) {
            return false;
        }
    }

    @Override
    public Outcome<T> poll() {
        Object r = result;
        return r == null ? Outcome.pending() : outcomeOf(observe(r));
    }

    @Override
    public TaskState state() {
        return stateOf(result);
    }

    private static TaskState stateOf(@Nullable Object r) {
        if (r == null) {
            return TaskState.PENDING;
        } else if (r instanceof Failures.Unobserved) {
            return TaskState.FAILED;
        } else if (r instanceof Outcome.Cancelled<?>) {
            return TaskState.CANCELLED;
        }
        return TaskState.SUCCEEDED;
    }

    @Override
    public boolean isDone() {
        return result != null;
    }

    /**
     * The decided fate, which can precede the published outcome: CANCELLED as soon as cancel() won, even while the
     * body unwinds. This is the linearizable core of the state machine, checked by TaskLincheckTest.
     */
    TaskState decision() {
        int s = state;
        if (s == NEW || s == RUNNING || s == UNADMITTED) {
            return TaskState.PENDING;
        } else if (s != DONE) {   // INTERRUPTING, CANCELLING, NEW_CANCELLED, UNADMITTED_CANCELLED
            return TaskState.CANCELLED;
        }
        awaitPublication();
        return stateOf(result);
    }

    /** The value of a terminal result, or the failure or cancellation it stands for, thrown. */
    @SuppressWarnings("unchecked")
    private T valueOf(Object r) {
        // instanceof of final classes (a class compare each), rather than a pattern switch, which would bootstrap an
        // invokedynamic call site at startup
        if (r instanceof Failures.Unobserved f) {
            throw new TaskFailedException("task '" + name() + "' failed: " + f.cause(), f.cause());
        } else if (r instanceof Outcome.Cancelled<?> c) {
            throw new TaskCancelledException("task '" + name() + "' was cancelled", c.cause());
        } else if (r instanceof Outcome.Success<?> s) {
            return (T) s.value();
        }
        return r == NIL ? null : (T) r;
    }

    /**
     * Waits for the result, marks it seen and returns it; returns null on timeout (only if {@code timed}).
     *
     * @throws TaskCancelledException if the calling thread is interrupted first (its flag stays set)
     */
    private @Nullable Object waitFor(boolean timed, long deadline, Clock clock) {
        Object r = result;
        if (r != null) {
            return observe(r);
        }
        runIfDeferred(timed, deadline, clock);
        if ((r = result) != null) {
            return observe(r);
        }
        if (current() == this) {
            throw new IllegalStateException("task '" + name() + "' waits for itself and would wait forever;"
                    + " wait for other tasks, or return the value instead");
        }
        if (timed && clock.isPast(deadline)) {
            return null;
        }
        Parked node = new Parked(this, timed, deadline, clock);
        if (push(node)) {
            try {
                ForkJoinPool.managedBlock(node);   // plain park loop off a pool; lets a pool compensate on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ((r = result) != null) {
            return observe(r);
        }
        node.thread = null;
        removeDeadWaiters();
        if (Thread.currentThread().isInterrupted()) {
            throw new TaskCancelledException("interrupted while waiting for task '" + name()
                    + "': the waiting thread (or the task it runs) was cancelled; the awaited task keeps running");
        }
        return null;   // timed out
    }

    /**
     * Pushes {@code node} to be fired on completion. Returns false if the task is complete: then {@code node} will
     * not be fired, and the result is published. See Waiters.
     */
    private boolean push(Waiter node) {
        for (;;) {
            Waiter head = waiters;
            if (head == TOMBSTONE) {
                return false;
            }
            node.next = head;
            if (WAITERS.compareAndSet(this, head, node)) {
                break;
            }
        }
        // Complete meanwhile? Its completion may have read `waiters` before the push: take the stack over.
        return state != DONE || !fireWaiters(node);
    }

    /** Unlinks waiters that gave up. Dead nodes may be unlinked by several callers at once; each pass restarts
     *  when a predecessor it relied on died under it. */
    void removeDeadWaiters() {
        restart:
        for (;;) {
            Waiter pred = null;
            Waiter q = waiters;
            if (q == TOMBSTONE) {
                return;
            }
            while (q != null) {
                Waiter next = q.next;
                if (!q.isDead()) {
                    pred = q;
                } else if (pred != null) {
                    pred.next = next;
                    if (pred.isDead()) {
                        continue restart;
                    }
                } else if (!WAITERS.compareAndSet(this, q, next)) {
                    continue restart;
                }
                q = next;
            }
            return;
        }
    }

    /** Registers {@code node} to fire on completion; fires it now if the task is complete. */
    void onComplete(Waiter node) {
        if (!push(node)) {
            node.fire();
        }
    }

    /**
     * Whether this task can make no progress until zsync or time wakes it: its thread is parked in a wait of
     * {@code clock} (or, under the blocking model, it is not started: it runs only when awaited). A complete task
     * that a snapshot still finds is still firing its waiters (see completeWith), so it is not waiting.
     */
    boolean isWaitingOn(ManualTime clock) {
        if (result != null) {
            return false;   // still completing: its waiters' callbacks may yet act (RuntimeCore.isQuiescent)
        }
        Thread t = runner;
        if (t == null) {
            return state == NEW && core.deferred;
        }
        return clock.isWaiting(t);
    }

    /** A select clause that completes when this task does; its outcome is the task's {@link Outcome}. */
    public Selector.Clause completionClause() {
        return new CompletionClause(this);
    }

    @Override
    public void whenComplete(Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        onComplete(new Action(action, core.config.uncaughtHandler()));
    }

    /** The outcome now, or null while pending; does not mark a failure seen. */
    @Nullable Outcome<T> outcomeNow() {
        Object r = result;
        return r == null ? null : outcomeOf(r);
    }

    /** Marks the outcome seen by a subscriber and returns it. */
    Outcome<T> observedOutcome() {
        return outcomeOf(observe(Objects.requireNonNull(result)));
    }

    // ---- Publisher ----

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        new TaskSubscription<>(this, Downstream.of(subscriber)).start();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        new TaskSubscription<>(this, Downstream.of(subscriber)).start();
    }

    // ---- naming and reports ----

    /**
     * This task's number, drawn from a counter the first time it is needed (most tasks are never named, and a
     * shared counter per spawn was ~9 % of spawn+await's samples): unique, in the order of first use.
     */
    private long id() {
        long i = id;
        if (i == 0) {
            long drawn = NEXT_ID.incrementAndGet();
            i = ID.compareAndSet(this, 0L, drawn) ? drawn : id;
        }
        return i;
    }

    /** A task name as given to spawn: checked, so that reports never show an empty name. */
    public static String checkName(String name) {
        return checkName(name, "task", "does, or spawn");
    }

    /**
     * A name given to a {@code kind} (task, channel): not null, not blank. The messages say "pass a name that tells
     * what the {@code kind} {@code use} without one".
     */
    public static String checkName(String name, String kind, String use) {
        String advice = "pass a name that tells what the " + kind + " " + use + " without one";
        Objects.requireNonNull(name, "name must not be null: " + advice);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a " + kind + "'s name must not be blank: " + advice);
        }
        return name;
    }

    /** Where this task stands in spawn order, among tasks of runtimes on a manual clock (ManualTime's ranks). */
    long spawnRank() {
        return id();
    }

    /** The thread running this task's body, if it has started and not completed. */
    @Nullable Thread runnerIfRunning() {
        return result == null ? runner : null;
    }

    @Override
    public String name() {
        Object o = origin;
        String given = o instanceof String n ? n : o instanceof Named both ? both.name() : null;
        return given != null ? given : "task-" + id();
    }

    /** Identity, as {@link #equals}: a hash of the number would draw one for every task put in a set (a parent's
     *  children, an executor's tasks), and the counter is shared by every spawner. */
    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public boolean equals(@Nullable Object obj) {
        return this == obj;
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }

    /** One line for a report of a task left running. */
    String describe() {
        StringBuilder b = new StringBuilder("'").append(name()).append("' (");
        int s = state;
        b.append(s == NEW || s == UNADMITTED ? "not started" : s == RUNNING ? "running" : s == DONE ? "done"
                : s == UNADMITTED_CANCELLED ? "cancelled, not started" : "cancelled, still running");
        Thread t = runner;
        if (t != null && s != DONE) {
            b.append(" on ").append(t.isVirtual() ? "virtual thread #" + t.threadId() : "thread '" + t.getName() + "'")
                    .append(", ").append(t.getState());
        }
        TaskImpl<?> p = parent;
        b.append("), spawned by ").append(p != null ? "task '" + p.name() + "'" : "code outside any task")
                .append(", runs ").append(origin(body));
        if (spawnSite() == null) {
            b.append(" (set zsync.task.captureSpawnSites=true for the spawn site)");
        }
        return b.toString();
    }

    /** A throwable whose stack trace is where the task's thread is now, caused by where it was spawned. */
    Throwable whereNow() {
        Throwable here = new Throwable("task '" + name() + "' is here now");
        Thread t = runner;
        here.setStackTrace(t != null ? t.getStackTrace() : new StackTraceElement[0]);
        Throwable site = spawnSite();
        if (site != null) {
            here.initCause(site);
        }
        return here;
    }

    /** Where spawn was called, if it was captured. */
    private @Nullable Throwable spawnSite() {
        Object o = origin;
        return o instanceof Throwable site ? site : o instanceof Named both ? both.site() : null;
    }

    /** A task given a name and a captured spawn site. */
    private record Named(String name, Throwable site) {
    }

    private static String origin(@Nullable Callable<?> code) {
        if (code == null) {
            return "code that has just finished";
        }
        String n = (code instanceof RunnableBody r ? r.code().getClass() : code.getClass()).getName();
        int lambda = n.indexOf("$$Lambda");
        return lambda >= 0 ? "a lambda in " + n.substring(0, lambda) : n;
    }

    // ---- waiter nodes ----

    /** A node of the waiter stack: fired once when the task completes, unless it died first. */
    abstract static class Waiter {
        volatile @Nullable Waiter next;   // written before the push CAS, or by removeDeadWaiters

        abstract void fire();

        abstract boolean isDead();
    }

    /** A select waiting for this task: completion wakes the selecting thread, which then takes the outcome. */
    private static final class CompletionClause implements Selector.Clause {
        private final TaskImpl<?> task;
        private @Nullable Wake node;

        CompletionClause(TaskImpl<?> task) {
            this.task = task;
        }

        @Override
        public Object tryNow() {
            return task.result != null ? task.observedOutcome() : Selector.NOT_READY;
        }

        @Override
        public boolean register(Selector selector, int index) {
            Wake w = new Wake(selector);
            if (!task.push(w)) {
                return false;   // complete already
            }
            node = w;
            return true;
        }

        @Override
        public void unregister() {
            Wake w = node;
            if (w != null) {
                node = null;
                w.selector = null;
                task.removeDeadWaiters();
            }
        }
    }

    private static final class Wake extends Waiter {
        volatile @Nullable Selector selector;   // null once fired or unregistered

        Wake(Selector selector) {
            this.selector = selector;
        }

        @Override
        void fire() {
            Selector s = selector;
            if (s != null) {
                selector = null;
                s.wake();
            }
        }

        @Override
        boolean isDead() {
            return selector == null;
        }
    }

    private static final class Action extends Waiter {
        private final Runnable action;
        private final Thread.UncaughtExceptionHandler handler;

        Action(Runnable action, Thread.UncaughtExceptionHandler handler) {
            this.action = action;
            this.handler = handler;
        }

        @Override
        void fire() {
            try {
                action.run();
            } catch (Throwable t) {   // never let one callback stop the others, or the completion
                Failures.report(handler, t);
            }
        }

        @Override
        boolean isDead() {
            return false;
        }
    }

    /** A thread parked in {@link #waitFor}. */
    private static final class Parked extends Waiter implements ForkJoinPool.ManagedBlocker {
        private final TaskImpl<?> task;
        private final boolean timed;
        private final long deadline;
        private final Clock clock;
        volatile @Nullable Thread thread;   // the waiting thread; null once fired or given up

        Parked(TaskImpl<?> task, boolean timed, long deadline, Clock clock) {
            this.task = task;
            this.timed = timed;
            this.deadline = deadline;
            this.clock = clock;
            this.thread = Thread.currentThread();
        }

        @Override
        void fire() {
            Thread t = thread;
            if (t != null) {
                thread = null;
                LockSupport.unpark(t);
            }
        }

        @Override
        boolean isDead() {
            return thread == null;
        }

        @Override
        public boolean isReleasable() {
            return task.result != null || Thread.currentThread().isInterrupted()
                    || (timed && clock.isPast(deadline));
        }

        @Override
        public boolean block() {
            // An untimed wait is given no clock: look it up before the last look at the task, since its first call
            // on a thread may park (current()) and swallow the completion's unpark.
            Clock parkClock = timed ? clock : currentClock();
            if (!isReleasable()) {
                if (timed) {
                    parkClock.park(task, deadline);
                } else {
                    parkClock.park(task);
                }
            }
            return isReleasable();
        }
    }
}
