package io.zsync.internal.task;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskFailedException;
import io.zsync.TaskState;
import io.zsync.TaskTimeoutException;
import io.zsync.internal.channel.Selector;
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
     * Linearization points: the outcome is decided by the CAS that leaves RUNNING (the runner's RUNNING→DONE decides
     * success or failure, cancel's RUNNING→INTERRUPTING decides cancelled) or by cancel's NEW→DONE. It is published
     * by the volatile write to `outcome`; waiters are woken after that write.
     * Interrupt hygiene: cancel interrupts `runner` only while the state is INTERRUPTING. A runner that loses the
     * race waits until INTERRUPTING has passed, then clears its interrupt flag, so that a pool worker or the caller
     * of an inline run never carries this task's interrupt into the next thing it runs.
     * Waiters: a Treiber stack in `waiters`; completion swaps in TOMBSTONE and fires every node once. A waiter that
     * gives up (timeout, interrupt, cancelled subscription) marks its node dead and unlinks dead nodes, so a task
     * polled with timeouts for hours does not accumulate nodes.
     * Children: `children` is created on the first child; cancel swaps in TaskSet.CLOSED_EMPTY and closes the old
     * set (TaskSet's Dekker protocol), so a child adopted concurrently with cancel is cancelled either way.
     * Unobserved failures: before a failure is published, completeWith registers a Failures.Unobserved record (with
     * the runtime, for close, and with a Cleaner, for when the handle is collected). Whoever then sees the failure
     * (await, join, poll, a subscriber's onError) settles the record, which reports only if never settled. So a
     * failure someone saw is never reported, one nobody saw is reported once, and a program that sees isDone() and
     * closes its runtime cannot close before the record is registered.
     * Current task: a task with a thread of its own (a virtual thread started for it) makes itself, first thing in
     * run(), that thread's uncaught exception handler, which is how current() finds it without a ThreadLocal: a
     * ThreadLocal's map would be the largest allocation of a spawn (~150 of ~600 bytes, measured with JMH -prof gc).
     * Tasks run on shared threads (pool workers, the caller) use the ThreadLocal. Nothing escapes run(), so the
     * handler is only a backstop.
     * Tests: TaskTest, TaskCancellationTest, TaskStressTest, TaskPublisherVerificationTest (tck).
     */

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int CANCELLING = 3;
    private static final int DONE = 4;
    private static final int NEW_CANCELLED = 5;   // cancelled before start, but its body must still run, interrupted
                                                  // (executor commands: a FutureTask or CompletableFuture completes
                                                  // only if its run() runs)

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
    private static final AtomicReferenceFieldUpdater<TaskImpl, Outcome> OUTCOME =
            AtomicReferenceFieldUpdater.newUpdater(TaskImpl.class, Outcome.class, "outcome");
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<TaskImpl> ID = AtomicLongFieldUpdater.newUpdater(TaskImpl.class, "id");
    private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong();
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TaskImpl, Thread> RUNNER =
            AtomicReferenceFieldUpdater.newUpdater(TaskImpl.class, Thread.class, "runner");

    /** The task whose body runs on this shared thread (pool worker, caller), if any; see Current task. */
    private static final ThreadLocal<@Nullable TaskImpl<?>> CURRENT = new ThreadLocal<>();

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
    private final @Nullable String givenName;
    private final @Nullable TaskImpl<?> parent;       // the task that spawned this one, if any
    private final @Nullable TaskSet owner;            // the executor's set this task belongs to, if any
    private final @Nullable Throwable spawnSite;      // where spawn was called, if Config.captureSpawnSites

    boolean alwaysRuns;                               // executor commands: see NEW_CANCELLED; set before launch
    TaskRegistry.@Nullable Chunk chunk;                // where the registry holds this task, and in which slot;
    int slot;                                         // written by add() before the task is published (Thread.start)
    private @Nullable Callable<? extends T> body;     // run by the runner; cleared on completion so captures can go
    private volatile int state;                       // NEW … DONE, see the diagram; CAS via STATE
    private boolean hostsInline;                      // a task ran inline on this task's own thread: current() must
                                                      // look in CURRENT; written and read by that thread only
    private @Nullable Thread ownThread;               // the thread started for this task, if any; written before
                                                      // Thread.start (happens-before the body)
    private volatile @Nullable Thread runner;         // a shared thread's runner writes it after its NEW→RUNNING CAS,
                                                      // then re-reads `state`; cancel CASes `state`, then reads this:
                                                      // one of the two sees the other (see run()). A thread of its
                                                      // own is written before Thread.start, so before that CAS
    private volatile @Nullable Outcome<T> outcome;    // null while pending; written once by completeWith
    private volatile @Nullable Waiter waiters;        // stack of waiters; TOMBSTONE once complete; CAS via WAITERS
    private volatile @Nullable TaskSet children;      // lazily created; CLOSED_EMPTY after cancel; CAS via CHILDREN
    private Failures.@Nullable Unobserved unobserved; // a failure's report record; written before `outcome`
                                                      // (release), read after it (acquire)

    TaskImpl(RuntimeCore core, long id, Callable<? extends T> body, @Nullable String name,
             @Nullable TaskImpl<?> parent, @Nullable TaskSet owner, @Nullable Throwable spawnSite) {
        this.core = core;
        if (id != 0) {
            this.id = id;   // (a volatile write, so only when given: tests)
        }
        this.body = body;
        this.givenName = name;
        this.parent = parent;
        this.owner = owner;
        this.spawnSite = spawnSite;
    }

    /** Returns the task whose body runs on the calling thread, or null. */
    public static @Nullable TaskImpl<?> current() {
        Thread t = Thread.currentThread();
        TaskImpl<?> own = ownTaskOf(t);
        if (own != null) {
            // A task run inline on it (e.g. a nested Zsync.run's root) is in CURRENT; unless one ever was, do not
            // look: a lookup would create the thread's ThreadLocal map.
            TaskImpl<?> inline = own.hostsInline ? CURRENT.get() : null;
            return inline != null ? inline : own;
        }
        return CURRENT.get();
    }

    /** The running task whose own thread {@code t} is, or null. */
    private static @Nullable TaskImpl<?> ownTaskOf(Thread t) {
        return t.isVirtual() && t.getUncaughtExceptionHandler() instanceof TaskImpl<?> own && own.ownThread == t
                && own.outcome == null ? own : null;
    }

    /** Starts this task on {@code thread}, a new thread of its own. */
    void startOn(Thread thread) {
        ownThread = thread;
        RUNNER.lazySet(this, thread);   // release, and Thread.start orders it before the runner's NEW→RUNNING CAS, so
                                        // a cancel whose CAS follows that one sees it; no fence for the spawner
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
        boolean shared = ownThread != me;
        if (shared) {
            runner = me;
        } else {
            me.setUncaughtExceptionHandler(this);   // how current() finds this task; set here, off the spawner's path
        }
        if (cancelledBeforeStart || state != RUNNING) {
            me.interrupt();   // cancel() won before `runner` was set, and could not interrupt us
        }
        Callable<? extends T> code = Objects.requireNonNull(body);
        TaskImpl<?> outer = null;
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
        Outcome<T> result;
        if (STATE.compareAndSet(this, RUNNING, DONE)) {
            // A cancellation that escapes the body (it awaited a cancelled task, or was woken by an interrupt it did
            // not own) cancels this task too, as in kotlinx: it is not a failure to report.
            result = failure == null ? new Outcome.Success<>(value)
                    : failure instanceof CancellationException ? new Outcome.Cancelled<>(failure)
                    : new Outcome.Failure<>(failure);
        } else {
            for (int spins = 0; state == INTERRUPTING; spins++) {
                spinOrYield(spins);   // cancel() is between its CAS and its interrupt
            }
            Thread.interrupted();      // consume cancel's interrupt (see Interrupt hygiene)
            if (outer != null && outer.isCancelRequested()) {
                me.interrupt();        // an inline run shares its thread with an outer task that was cancelled too
            }
            STATE.lazySet(this, DONE);
            result = new Outcome.Cancelled<>(isCancellationSignal(failure) ? null : failure);
        }
        if (shared && me instanceof java.util.concurrent.ForkJoinWorkerThread) {
            Thread.interrupted();      // a pool worker starts its next task clean, whoever interrupted this one
        }
        completeWith(result);
    }

    private boolean isCancelRequested() {
        int s = state;
        return s == INTERRUPTING || s == CANCELLING || s == NEW_CANCELLED;
    }

    private void awaitPublication() {
        for (int spins = 0; outcome == null; spins++) {
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
        if (core.deferred && state == NEW) {
            run();
        }
    }

    private static boolean isCancellationSignal(@Nullable Throwable t) {
        return t == null || t instanceof InterruptedException || t instanceof CancellationException
                || t instanceof ClosedByInterruptException;
    }

    private void completeWith(Outcome<T> result) {
        body = null;
        if (result instanceof Outcome.Failure<T> f) {
            Failures.Unobserved record = new Failures.Unobserved(core, name(), f.cause());
            record.watch(this);
            unobserved = record;
        }
        core.registry.remove(this);   // leave the sets first: whoever sees the outcome sees them without this task
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
        OUTCOME.lazySet(this, result);   // release; the getAndSet below is the full barrier waiters pair with
        Waiter w = WAITERS.getAndSet(this, TOMBSTONE);
        while (w != null) {
            Waiter next = w.next;
            w.fire();
            w = next;
        }
    }

    /** Call after seeing a terminal outcome: a failure someone has seen is not reported as unobserved. */
    private Outcome<T> observe(Outcome<T> o) {
        if (o instanceof Outcome.Failure<T>) {
            Objects.requireNonNull(unobserved).settle();
        }
        return o;
    }

    // ---- cancellation and children ----

    @Override
    public boolean cancel() {
        for (;;) {
            int s = state;
            if (s == NEW) {
                if (alwaysRuns) {
                    if (STATE.compareAndSet(this, NEW, NEW_CANCELLED)) {
                        return true;   // its body runs, interrupted, when it starts
                    }
                } else if (STATE.compareAndSet(this, NEW, DONE)) {
                    cancelChildren();
                    completeWith(new Outcome.Cancelled<>(null));
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
                    cancelChildren();
                    return true;
                }
            } else {
                if (s == DONE) {
                    cancelChildren();   // a finished parent's children may still run: cancelling it reaches them
                }
                return false;
            }
        }
    }

    private void cancelChildren() {
        TaskSet old = CHILDREN.getAndSet(this, TaskSet.CLOSED_EMPTY);
        if (old != null && old != TaskSet.CLOSED_EMPTY) {
            for (TaskImpl<?> child : old.close()) {
                child.cancel();
            }
        }
    }

    /** Makes {@code child} this task's child; a child of a cancelled task is cancelled at once. */
    void adopt(TaskImpl<?> child) {
        for (;;) {
            TaskSet set = children;
            if (set == null) {
                set = new TaskSet();
                if (!CHILDREN.compareAndSet(this, null, set)) {
                    continue;
                }
            }
            if (!set.add(child)) {
                child.cancel();
            }
            return;
        }
    }

    boolean isNew() {
        return state == NEW;
    }

    // ---- waiting ----

    @Override
    public T await() {
        return valueOf(Objects.requireNonNull(waitFor(false, 0L, Clock.SYSTEM)));
    }

    @Override
    public T await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Clock clock = Clock.current();
        Outcome<T> o = waitFor(true, clock.deadlineAfter(timeout), clock);
        if (o == null) {
            throw new TaskTimeoutException("task '" + name() + "' did not finish within " + timeout
                    + "; it keeps running: cancel() it if its result is no longer needed");
        }
        return valueOf(o);
    }

    @Override
    public Outcome<T> join() {
        return Objects.requireNonNull(waitFor(false, 0L, Clock.SYSTEM));
    }

    /** Waits until done or the deadline; returns quietly (interrupt flag kept) if the caller is interrupted. */
    boolean joinQuietly(long deadline) {
        try {
            return waitFor(true, deadline, Clock.SYSTEM) != null;
        } catch (TaskCancelledException interrupted) {
            return false;
        }
    }

    @Override
    public Outcome<T> poll() {
        Outcome<T> o = outcome;
        return o == null ? Outcome.pending() : observe(o);
    }

    @Override
    public TaskState state() {
        Outcome<T> o = outcome;
        return o == null ? TaskState.PENDING : o.state();
    }

    @Override
    public boolean isDone() {
        return outcome != null;
    }

    /**
     * The decided fate, which can precede the published outcome: CANCELLED as soon as cancel() won, even while the
     * body unwinds. This is the linearizable core of the state machine, checked by TaskLincheckTest.
     */
    TaskState decision() {
        int s = state;
        if (s == NEW || s == RUNNING) {
            return TaskState.PENDING;
        } else if (s != DONE) {   // INTERRUPTING, CANCELLING, NEW_CANCELLED
            return TaskState.CANCELLED;
        }
        awaitPublication();
        return Objects.requireNonNull(outcome).state();
    }

    /** A {@link System#nanoTime()} deadline {@code timeout} from now; saturates at about 146 years. */
    static long deadlineAfter(Duration timeout) {
        long now = System.nanoTime();
        if (timeout.isNegative() || timeout.isZero()) {
            return now;
        }
        long max = Long.MAX_VALUE / 2;
        long nanos = timeout.compareTo(Duration.ofNanos(max)) >= 0 ? max : timeout.toNanos();
        return now + nanos;
    }

    private T valueOf(Outcome<T> o) {
        // instanceof rather than a pattern switch, which would bootstrap an invokedynamic call site at startup
        if (o instanceof Outcome.Success<T> s) {
            return s.value();
        } else if (o instanceof Outcome.Failure<T> f) {
            throw new TaskFailedException("task '" + name() + "' failed: " + f.cause(), f.cause());
        } else if (o instanceof Outcome.Cancelled<T> c) {
            throw new TaskCancelledException("task '" + name() + "' was cancelled", c.cause());
        }
        throw new IllegalStateException("not done: " + o);
    }

    /**
     * Waits for the outcome; returns null on timeout (only if {@code timed}).
     *
     * @throws TaskCancelledException if the calling thread is interrupted first (its flag stays set)
     */
    private @Nullable Outcome<T> waitFor(boolean timed, long deadline, Clock clock) {
        Outcome<T> o = outcome;
        if (o != null) {
            return observe(o);
        }
        runIfDeferred();
        if ((o = outcome) != null) {
            return observe(o);
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
        if ((o = outcome) != null) {
            return observe(o);
        }
        node.thread = null;
        removeDeadWaiters();
        if (Thread.currentThread().isInterrupted()) {
            throw new TaskCancelledException("interrupted while waiting for task '" + name()
                    + "': the waiting thread (or the task it runs) was cancelled; the awaited task keeps running");
        }
        return null;   // timed out
    }

    private boolean push(Waiter node) {
        for (;;) {
            Waiter head = waiters;
            if (head == TOMBSTONE) {
                return false;
            }
            node.next = head;
            if (WAITERS.compareAndSet(this, head, node)) {
                return true;
            }
        }
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
     * {@code clock} (or it is complete, or, under the blocking model, not started: it runs only when awaited).
     */
    boolean isWaitingOn(ManualTime clock) {
        if (outcome != null) {
            return true;
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

    @Nullable Outcome<T> outcomeNow() {
        return outcome;
    }

    /** Marks the outcome seen by a subscriber and returns it. */
    Outcome<T> observedOutcome() {
        return observe(Objects.requireNonNull(outcome));
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

    @Override
    public String name() {
        return givenName != null ? givenName : "task-" + id();
    }


    @Override
    public int hashCode() {
        return Long.hashCode(id());
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
        b.append(s == NEW ? "not started" : s == RUNNING ? "running" : s == DONE ? "done" : "cancelled, still running");
        Thread t = runner;
        if (t != null && s != DONE) {
            b.append(" on ").append(t.isVirtual() ? "virtual thread #" + t.threadId() : "thread '" + t.getName() + "'")
                    .append(", ").append(t.getState());
        }
        TaskImpl<?> p = parent;
        b.append("), spawned by ").append(p != null ? "task '" + p.name() + "'" : "code outside any task")
                .append(", runs ").append(origin(body));
        if (spawnSite == null) {
            b.append(" (set zsync.task.captureSpawnSites=true for the spawn site)");
        }
        return b.toString();
    }

    /** A throwable whose stack trace is where the task's thread is now, caused by where it was spawned. */
    Throwable whereNow() {
        Throwable here = new Throwable("task '" + name() + "' is here now");
        Thread t = runner;
        here.setStackTrace(t != null ? t.getStackTrace() : new StackTraceElement[0]);
        if (spawnSite != null) {
            here.initCause(spawnSite);
        }
        return here;
    }

    private static String origin(@Nullable Callable<?> code) {
        if (code == null) {
            return "code that has just finished";
        }
        String n = (code instanceof RunnableBody r ? r.runnable().getClass() : code.getClass()).getName();
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
            Outcome<?> o = task.outcome;
            return o != null ? task.observedOutcome() : Selector.NOT_READY;
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
            return task.outcome != null || Thread.currentThread().isInterrupted()
                    || (timed && clock.isPast(deadline));
        }

        @Override
        public boolean block() {
            if (!isReleasable()) {
                if (timed) {
                    clock.park(task, deadline);
                } else {
                    Clock.current().park(task);   // (an untimed wait is given no clock: look it up only to park)
                }
            }
            return isReleasable();
        }
    }
}
