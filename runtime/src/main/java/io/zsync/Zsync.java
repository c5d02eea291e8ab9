package io.zsync;

import io.zsync.channel.Channel;
import io.zsync.internal.channel.ChannelImpl;
import io.zsync.internal.channel.RendezvousChannel;
import io.zsync.internal.task.Combinators;
import io.zsync.internal.task.Failures;
import io.zsync.internal.task.RunnableBody;
import io.zsync.internal.task.Sleeper;
import io.zsync.internal.task.TaskImpl;
import io.zsync.internal.task.Ticker;
import io.zsync.internal.time.ManualTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * zsync's entry points: run a program, spawn tasks, wait, sleep.
 *
 * {@snippet :
 * public static void main(String[] args) throws Exception {
 *     Zsync.run(() -> {
 *         Task<String> greeting = Zsync.spawn(() -> "hello");
 *         Zsync.spawn(() -> Zsync.sleep(Duration.ofHours(1)));   // left running: cancelled when main returns
 *         System.out.println(greeting.await());
 *     });
 * }   // the JVM exits here, whatever main left running
 * }
 *
 * <p>Every method that takes code takes a {@link Callable} (a value, may throw) or a {@link CheckedRunnable} (no
 * value, may throw): a lambda or method reference picks the right one, with no {@code return null} and no try/catch
 * for checked exceptions.
 *
 * <h2>Which runtime</h2>
 * {@link #spawn(Callable)} uses the current runtime: the one running the calling task, else the global one
 * ({@link #initGlobalRuntime(Config)}), else it fails and says how to get one.
 *
 * @since 0.1
 */
public final class Zsync {
    private static final AtomicReference<@Nullable ZsyncRuntime> GLOBAL = new AtomicReference<>();

    private Zsync() {
    }

    // ---- running a program ----

    /**
     * Runs {@code main} as the root task of a new runtime with {@link Config#optimal()}; see
     * {@link #run(Config, Callable)}.
     *
     * @param main the program
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw, as it was thrown
     */
    public static <T> T run(Callable<? extends T> main) throws Exception {
        return run(Config.optimal(), main);
    }

    /**
     * Runs {@code main}, which returns nothing, as the root task of a new runtime with {@link Config#optimal()}; see
     * {@link #run(Config, Callable)}.
     *
     * @param main the program
     * @throws Exception what {@code main} threw, as it was thrown
     */
    public static void run(CheckedRunnable main) throws Exception {
        run(Config.optimal(), main);
    }

    /**
     * Runs {@code main} on the calling thread as the root task (named {@code "main"}) of a new runtime, then closes
     * the runtime: tasks that {@code main} left running are cancelled and waited for, at most
     * {@link Config#shutdownGrace()}; any still running then are reported to {@link Config#uncaughtHandler()}, and
     * this method returns anyway. No thread of the runtime can keep the JVM alive, so the program exits when its
     * {@code main} method returns.
     *
     * @param config how the runtime runs tasks
     * @param main the program
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw, as it was thrown (an {@link Error} too)
     * @throws TaskCancelledException if {@code main} was cancelled, for example by {@link ZsyncRuntime#close()}
     *     called from one of its tasks
     * @throws NullPointerException if an argument is null
     */
    public static <T> T run(Config config, Callable<? extends T> main) throws Exception {
        Objects.requireNonNull(config, "config must not be null: pass Config.optimal() or a Config.builder() result");
        Objects.requireNonNull(main, "main must not be null: pass the code to run");
        ZsyncRuntime runtime = ZsyncRuntime.create(config);
        Outcome<T> outcome;
        try {
            TaskImpl<T> root = runtime.core().newRoot(main);
            root.run();
            outcome = root.join();   // seen here, so close() does not report main's failure as unobserved
        } finally {
            runtime.close();
        }
        // instanceof rather than a pattern switch: a switch on types bootstraps an invokedynamic call site, which
        // costs milliseconds of every program's startup
        if (outcome instanceof Outcome.Success<T> s) {
            return s.value();
        } else if (outcome instanceof Outcome.Failure<T> f) {
            if (f.cause() instanceof Exception e) {
                throw e;
            } else if (f.cause() instanceof Error e) {
                throw e;
            }
            throw new TaskFailedException("main failed: " + f.cause(), f.cause());
        } else if (outcome instanceof Outcome.Cancelled<T> c) {
            throw new TaskCancelledException("main was cancelled", c.cause());
        }
        throw new IllegalStateException("main did not finish: " + outcome);
    }

    /**
     * Runs {@code main}, which returns nothing, as {@link #run(Config, Callable)} does.
     *
     * @param config how the runtime runs tasks
     * @param main the program
     * @throws Exception what {@code main} threw, as it was thrown
     * @throws TaskCancelledException if {@code main} was cancelled
     * @throws NullPointerException if an argument is null
     */
    public static void run(Config config, CheckedRunnable main) throws Exception {
        Objects.requireNonNull(main, "main must not be null: pass the code to run");
        run(config, new RunnableBody(main));
    }

    /**
     * Runs {@code main} on the calling thread with no threads at all: {@link #run(Config, Callable)} with
     * {@link Config#blocking()}. There, {@link #spawn(Callable)} does not start a task: the task runs on the thread
     * that first awaits or joins it, and a task nobody waits for never runs (it is cancelled when {@code main}
     * returns). For tools that do one thing at a time.
     *
     * @param main the program
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw, as it was thrown
     */
    public static <T> T runSimple(Callable<? extends T> main) throws Exception {
        return run(Config.blocking(), main);
    }

    /**
     * Runs {@code main}, which returns nothing, on the calling thread with no threads at all; see
     * {@link #runSimple(Callable)}.
     *
     * @param main the program
     * @throws Exception what {@code main} threw, as it was thrown
     */
    public static void runSimple(CheckedRunnable main) throws Exception {
        run(Config.blocking(), main);
    }

    /**
     * Runs {@code main} as {@link #run(Config, Callable)} does, on a runtime whose time is an
     * {@linkplain ManualClock#autoAdvancing() auto-advancing manual clock}: whenever every task waits in a zsync call
     * and some wait has a deadline, time jumps to that deadline. A test of a 30-second timeout then takes
     * milliseconds. For tests, as kotlinx's {@code runTest}.
     *
     * <p><b>The same on every run.</b> Waits due at the same instant take effect one at a time, each settling (every
     * task waiting again) before the next is released, in this order: deadline; then sleeps before other timed waits
     * (so when a result and a timeout fall due together, the result wins); then the spawn order of the waiting tasks;
     * then the order the waits began.
     *
     * <p><b>Time that cannot lie.</b> Virtual time moves only while every task waits in zsync ({@code Zsync.sleep},
     * channels, select, {@code Task.await}, zsync's {@code Semaphore} and {@code Mutex}). A task blocked outside it — a
     * JDK {@code Thread.sleep}, a {@code BlockingQueue}, a lock, {@code Future.get} — holds time still. If such a task
     * holds pending timers still for more than a second of wall time (system property
     * {@code zsync.test.frozenTimeMillis}) while every other task waits, it is cancelled and this method throws an
     * {@link IllegalStateException} that names the task and shows where its thread stands, instead of hanging, or
     * passing a test whose timeout could never fire.
     *
     * @param main the test body
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw, as it was thrown
     * @throws IllegalStateException if a task froze virtual time (see above)
     */
    public static <T> T runTest(Callable<? extends T> main) throws Exception {
        Objects.requireNonNull(main, "main must not be null: pass the test body");
        ManualTime clock = ManualTime.create(true, true);
        Config config = Config.optimal().toBuilder().clock(clock).build();
        return run(config, () -> {
            // main runs on a virtual thread, whose state says exactly when it waits (see ManualClock)
            Outcome<? extends T> outcome = spawn("test", main).join();
            Throwable frozen = clock.frozenReport();
            if (frozen instanceof RuntimeException e) {
                if (outcome instanceof Outcome.Failure<? extends T> f) {
                    e.addSuppressed(f.cause());
                }
                throw e;   // the test froze virtual time: its blocked tasks were cancelled, see the report
            }
            if (outcome instanceof Outcome.Failure<? extends T> f) {
                if (f.cause() instanceof Exception e) {
                    throw e;
                } else if (f.cause() instanceof Error e) {
                    throw e;
                }
                throw new TaskFailedException("main failed: " + f.cause(), f.cause());
            } else if (outcome instanceof Outcome.Cancelled<? extends T> c) {
                throw new TaskCancelledException("main was cancelled", c.cause());
            }
            return ((Outcome.Success<? extends T>) outcome).value();
        });
    }

    /**
     * Runs {@code main}, which returns nothing, as {@link #runTest(Callable)} does.
     *
     * @param main the test body
     * @throws Exception what {@code main} threw, as it was thrown
     * @throws IllegalStateException if a task froze virtual time
     */
    public static void runTest(CheckedRunnable main) throws Exception {
        Objects.requireNonNull(main, "main must not be null: pass the test body");
        runTest(new RunnableBody(main));
    }

    /**
     * Starts a {@link Select}: add alternatives, then {@link Select#await()} takes exactly one of them.
     *
     * @param <R> the type of the select's result
     * @return a new select with no alternatives
     */
    public static <R> Select<R> select() {
        return new Select<>();
    }

    // ---- combining tasks ----
    //
    // Structured: each of these returns (or throws) only once every task it was given has ended. Tasks it cancels
    // (losers, the rest after a failure, a timed-out body, all of them when the caller is cancelled) are waited for,
    // at most the runtime's grace period ({@link Config#shutdownGrace()}); one that ignores cancellation is then
    // reported to the uncaught handler, as Zsync.run reports what main leaves running, and not waited for longer.

    /**
     * Waits for the first of {@code tasks} to finish, whatever it comes to, cancels the others and waits for them to
     * end, and returns its result or throws its failure (as {@link Task#await()} would). The others' outcomes are
     * ignored, except a failure that is not the echo of their cancellation: it is reported to the uncaught handler.
     * The same "first signal wins" as {@code Streams.race}, Reactor's {@code firstWithSignal}, RxJava's {@code amb}
     * and JavaScript's {@code Promise.race}; for the first success, see {@link #firstSuccess(Task[])}.
     *
     * @param tasks one or more tasks
     * @param <T> the result type
     * @return the result of the first task to finish
     * @throws TaskFailedException if the first task to finish failed
     * @throws TaskCancelledException if the first task to finish was cancelled, or the calling thread was (every
     *     task of the race is then cancelled, and has ended)
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the array is only read, into a list
    public static <T> T race(Task<? extends T>... tasks) {
        return Combinators.race(List.of(tasks));
    }

    /**
     * Waits for the first of {@code tasks} to succeed, cancels the others, waits for them to end, and returns its
     * result. Failures do not end the race; if every task fails (or is cancelled), throws with the first failure as
     * cause and the others suppressed (the JDK's {@code Joiner.anySuccessfulResultOrThrow}, Reactor's
     * {@code firstWithValue}, JavaScript's {@code Promise.any}).
     *
     * @param tasks one or more tasks
     * @param <T> the result type
     * @return the first success
     * @throws TaskFailedException if all tasks failed
     * @throws TaskCancelledException if the calling thread was cancelled (every task is then cancelled, and has
     *     ended)
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the array is only read, into a list
    public static <T> T firstSuccess(Task<? extends T>... tasks) {
        return Combinators.firstSuccess(List.of(tasks));
    }

    /**
     * Waits for all of {@code tasks} and returns their results in order (kotlinx's {@code awaitAll}, JavaScript's
     * {@code Promise.all}). The first failure (or cancellation) cancels the others, waits for them to end, and is
     * rethrown as {@link Task#await()} would throw it, with any other failure suppressed. If the caller is cancelled
     * while it waits, every task is cancelled too, and has ended when this throws.
     *
     * @param tasks one or more tasks
     * @param <T> the result type
     * @return every result, in the order of {@code tasks}
     * @throws TaskFailedException for the first task that failed
     * @throws TaskCancelledException if a task was cancelled, or the calling thread was
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the array is only read, into a list
    public static <T> List<T> awaitAll(Task<? extends T>... tasks) {
        return Combinators.awaitAll(List.of(tasks));
    }

    /**
     * {@link #awaitAll(Task[])} over a list.
     *
     * @param tasks one or more tasks
     * @param <T> the result type
     * @return every result, in order
     */
    public static <T> List<T> awaitAll(List<? extends Task<? extends T>> tasks) {
        return Combinators.awaitAll(tasks);
    }

    /**
     * Awaits {@code task} for at most {@code timeout} (on the runtime's clock); if it has not finished by then, it
     * is cancelled, waited for, and {@link TaskTimeoutException} is thrown (kotlinx's {@code withTimeout}). Unlike
     * {@link Task#await(Duration)}, which leaves the task running. If the result and the timeout fall due at the same
     * instant, the result wins.
     *
     * @param task the task
     * @param timeout zero or more
     * @param <T> the result type
     * @return the task's result
     * @throws TaskTimeoutException if the task did not finish in time; it was cancelled, and has ended
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <T> T timeout(Task<T> task, Duration timeout) {
        return Combinators.timeout(task, timeout);
    }

    /**
     * Spawns {@code body} and awaits it for at most {@code timeout}; see {@link #timeout(Task, Duration)}.
     *
     * @param body the code to run
     * @param timeout zero or more
     * @param <T> the result type
     * @return what {@code body} returned
     * @throws TaskTimeoutException if it did not finish in time; it was cancelled, and has ended
     */
    public static <T> T timeout(Callable<? extends T> body, Duration timeout) {
        checkTimeout(timeout);
        return Combinators.timeout(spawn(body), timeout);
    }

    /**
     * Spawns {@code body}, which returns nothing, and awaits it for at most {@code timeout}; see
     * {@link #timeout(Task, Duration)}.
     *
     * @param body the code to run; it may throw checked exceptions
     * @param timeout zero or more
     * @throws TaskTimeoutException if it did not finish in time; it was cancelled, and has ended
     * @throws TaskFailedException if it failed
     */
    public static void timeout(CheckedRunnable body, Duration timeout) {
        checkTimeout(timeout);
        Combinators.timeout(spawn(body), timeout);
    }

    private static void checkTimeout(@Nullable Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null: pass for example Duration.ofSeconds(5)");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or more but was " + timeout);
        }
    }

    /**
     * Creates a runtime with {@link Config#optimal()}; close it when done.
     *
     * @return a new runtime
     */
    public static ZsyncRuntime createOptimalRuntime() {
        return ZsyncRuntime.create(Config.optimal());
    }

    // ---- tasks ----

    /**
     * Spawns {@code body} as a task on the current runtime; called from a task, the new task is its child.
     *
     * @param body the code to run
     * @param <T> the result type
     * @return the task
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     * @throws java.util.concurrent.RejectedExecutionException if the current runtime is closed
     */
    public static <T> Task<T> spawn(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return requireRuntime("spawn").spawn(body);
    }

    /**
     * Spawns {@code body}, which returns nothing, as a task on the current runtime; see {@link #spawn(Callable)}.
     *
     * @param body the code to run; it may throw checked exceptions
     * @return the task; its result is {@code null}
     * @throws NullPointerException if {@code body} is null
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     * @throws java.util.concurrent.RejectedExecutionException if the current runtime is closed
     */
    public static Task<Void> spawn(CheckedRunnable body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return requireRuntime("spawn").spawn(body);
    }

    /**
     * Spawns {@code body} as a task named {@code name} on the current runtime: the name appears in
     * {@link Task#name()}, {@code toString()}, failure messages and the report of tasks left running.
     *
     * @param name the task's name, not blank
     * @param body the code to run
     * @param <T> the result type
     * @return the task
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     */
    public static <T> Task<T> spawn(String name, Callable<? extends T> body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return requireRuntime("spawn").spawn(name, body);
    }

    /**
     * Spawns {@code body}, which returns nothing, as a task named {@code name}; see {@link #spawn(String, Callable)}.
     *
     * @param name the task's name, not blank
     * @param body the code to run; it may throw checked exceptions
     * @return the task; its result is {@code null}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     */
    public static Task<Void> spawn(String name, CheckedRunnable body) {
        Objects.requireNonNull(body, "body must not be null: pass the code the task should run");
        return requireRuntime("spawn").spawn(name, body);
    }

    /**
     * Creates an executor on the current runtime; see {@link ZsyncRuntime#newExecutor()}.
     *
     * @return a new executor
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     */
    public static TaskExecutor newExecutor() {
        return requireRuntime("newExecutor").newExecutor();
    }

    /**
     * Waits until every one of {@code tasks} has finished, whatever it came to (kotlinx's {@code joinAll}); failures
     * are not thrown (see each task's {@link Task#join()} or {@link Task#poll()}).
     *
     * <p><b>Blocking and cancellation:</b> if the calling thread is interrupted, throws
     * {@link TaskCancelledException} with its interrupt flag still set; the tasks keep running.
     *
     * @param tasks the tasks
     * @throws NullPointerException if the array or one of its tasks is null
     */
    public static void joinAll(Task<?>... tasks) {
        Objects.requireNonNull(tasks, "tasks");
        for (int i = 0; i < tasks.length; i++) {
            Objects.requireNonNull(tasks[i], "tasks[" + i + "] is null: pass only tasks from spawn");
        }
        for (Task<?> t : tasks) {
            t.join();
        }
    }

    /**
     * Returns the runtime running the calling task, else the global runtime, if any.
     *
     * @return the current runtime
     */
    public static Optional<ZsyncRuntime> currentRuntime() {
        TaskImpl<?> task = TaskImpl.current();
        return Optional.ofNullable(task != null ? task.core().facade() : GLOBAL.get());
    }

    /**
     * Returns the task whose body runs on the calling thread, if any.
     *
     * @return the current task
     */
    public static Optional<Task<?>> currentTask() {
        return Optional.ofNullable(TaskImpl.current());
    }

    // ---- channels ----

    /**
     * Creates a channel that holds at most {@code capacity} elements; see {@link Channel}. Capacity 0 makes a
     * rendezvous channel, as {@link #rendezvous()}.
     *
     * @param capacity how many elements it buffers, 0 or more
     * @param <E> the element type
     * @return a new, open channel
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <E> Channel<E> bounded(int capacity) {
        return channel(checkCapacity(capacity), null);
    }

    /**
     * Creates a channel that holds at most {@code capacity} elements, named {@code name} in
     * {@link ZsyncRuntime#channels()}; otherwise as {@link #bounded(int)}.
     *
     * @param name the channel's name, not blank
     * @param capacity how many elements it buffers, 0 or more
     * @param <E> the element type
     * @return a new, open channel
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or {@code capacity} is negative
     * @since 0.1
     */
    public static <E> Channel<E> bounded(String name, int capacity) {
        return channel(checkCapacity(capacity), checkChannelName(name));
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0 but was " + capacity
                    + "; use Zsync.rendezvous() (or bounded(0)) for a hand-off with no buffer, or Zsync.unbounded()"
                    + " for no limit");
        }
        return capacity;
    }

    private static String checkChannelName(String name) {
        return TaskImpl.checkName(name, "channel", "carries, or create it");
    }

    /**
     * A channel of {@code capacity} (0: rendezvous; {@link Integer#MAX_VALUE}: unbounded) for the current runtime:
     * it reports to that runtime's uncaught handler and is listed by its {@link ZsyncRuntime#channels()}. Outside any
     * runtime, it reports to the default handler and is listed nowhere.
     */
    private static <E> Channel<E> channel(int capacity, @Nullable String name) {
        TaskImpl<?> task = TaskImpl.current();
        ZsyncRuntime runtime = task != null ? task.core().facade() : GLOBAL.get();
        if (runtime == null) {
            return capacity == 0 ? RendezvousChannel.create(Failures.DEFAULT_HANDLER, name)
                    : ChannelImpl.create(capacity, Failures.DEFAULT_HANDLER, name);
        }
        Thread.UncaughtExceptionHandler handler = runtime.config().uncaughtHandler();
        return runtime.register(capacity == 0 ? RendezvousChannel.<E>create(handler, name)
                : ChannelImpl.<E>create(capacity, handler, name));
    }

    /**
     * Creates a rendezvous channel: capacity 0, each element handed from a waiting sender to a waiting receiver, as
     * Go's unbuffered channel ({@code make(chan T)}) and kotlinx's {@code Channel(RENDEZVOUS)}. {@code send} returns
     * once a receiver took the element; {@code trySend} succeeds only if a receiver waits. See {@link Channel}.
     *
     * @param <E> the element type
     * @return a new, open channel
     */
    public static <E> Channel<E> rendezvous() {
        return channel(0, null);
    }

    /**
     * Creates a rendezvous channel named {@code name} in {@link ZsyncRuntime#channels()}; otherwise as
     * {@link #rendezvous()}.
     *
     * @param name the channel's name, not blank
     * @param <E> the element type
     * @return a new, open channel
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @since 0.1
     */
    public static <E> Channel<E> rendezvous(String name) {
        return channel(0, checkChannelName(name));
    }

    /** The longest period a ticker counts: 100 years (a due time is a long of nanoseconds, ~292 years). */
    private static final Duration MAX_TICKER_PERIOD = Duration.ofDays(36_525);

    /**
     * Starts a ticker: a channel that receives a tick every {@code period} of the runtime's clock, for heartbeats and
     * periodic work in a select loop (Go's {@code time.NewTicker}, kotlinx's {@code ticker}). The first tick comes one
     * period after this call. Each tick is its number, counted in periods since the start: 1, 2, 3 …
     *
     * <p><b>Missed ticks are dropped, never bursted:</b> the channel holds one tick; if the receiver has not taken the
     * last one when the next falls due, the new one is dropped (the number then skips), and a receiver that was busy
     * for several periods gets one tick, not a burst. So a heartbeat alternative in a select loop fires under steady
     * load too (a select chooses fairly among ready alternatives), unlike an idle timeout.
     *
     * {@snippet :
     * Channel<Long> heartbeat = Zsync.ticker(Duration.ofSeconds(10));
     * while (running) {
     *     Zsync.<Void>select()
     *             .onRecv(jobs, job -> { run(job); return null; })
     *             .onRecv(heartbeat, tick -> { sendHeartbeat(); return null; })
     *             .await();
     * }
     * heartbeat.close();   // stops the ticker
     * }
     *
     * <p><b>Stopping:</b> close the channel, and the ticker's task ends at its next tick. It is a child of the calling
     * task, so it is also cancelled when that task is cancelled, and when the runtime closes; it then closes the
     * channel with a {@link TaskCancelledException} cause. A ticker reads the runtime's clock, so under
     * {@link #runTest} it ticks in virtual time.
     *
     * @param period the time between ticks, positive
     * @return the channel of ticks
     * @throws IllegalArgumentException if {@code period} is zero or negative, or longer than 100 years
     * @throws IllegalStateException if there is no current runtime; the message says how to get one
     */
    public static Channel<Long> ticker(Duration period) {
        Objects.requireNonNull(period, "period must not be null: pass for example Duration.ofSeconds(1)");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a ticker's period must be positive but was " + period
                    + "; pass for example Duration.ofSeconds(1)");
        }
        if (period.compareTo(MAX_TICKER_PERIOD) > 0) {   // its due times are counted in nanoseconds of a long
            throw new IllegalArgumentException("a ticker's period must be at most 100 years but was " + period
                    + "; for a wait that long, sleep or use a timeout instead");
        }
        ZsyncRuntime runtime = requireRuntime("ticker");
        String name = "ticker every " + period;
        Channel<Long> ticks = runtime.register(ChannelImpl.<Long>create(1, runtime.config().uncaughtHandler(), name));
        runtime.spawn(name, () -> Ticker.run(ticks, period));
        return ticks;
    }

    /**
     * Creates a channel without a capacity limit: {@code send} never waits; as a subscriber it requests from its
     * upstream in batches. See {@link Channel}.
     *
     * @param <E> the element type
     * @return a new, open channel
     */
    public static <E> Channel<E> unbounded() {
        return channel(Integer.MAX_VALUE, null);
    }

    /**
     * Creates a channel without a capacity limit, named {@code name} in {@link ZsyncRuntime#channels()}; otherwise
     * as {@link #unbounded()}.
     *
     * @param name the channel's name, not blank
     * @param <E> the element type
     * @return a new, open channel
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @since 0.1
     */
    public static <E> Channel<E> unbounded(String name) {
        return channel(Integer.MAX_VALUE, checkChannelName(name));
    }

    // ---- cooperative waiting ----

    /**
     * Lets other tasks run ({@link Thread#yield()}: on a virtual thread, gives its carrier to another), and checks for
     * cancellation.
     *
     * @throws TaskCancelledException if the calling thread is interrupted (its task cancelled); the flag stays set
     */
    public static void yieldNow() {
        Thread.yield();
        if (Thread.currentThread().isInterrupted()) {
            throw new TaskCancelledException("cancelled at yieldNow(): the task was cancelled (or its thread"
                    + " interrupted); let this exception propagate so the task can finish");
        }
    }

    /**
     * Sleeps for {@code duration}; on a virtual thread this parks without holding a carrier. Wakes early, with
     * {@link TaskCancelledException}, when the task is cancelled.
     *
     * @param duration how long; {@link Duration#ZERO} only checks for cancellation
     * @throws TaskCancelledException if the calling thread is interrupted (its task cancelled); the flag stays set
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws NullPointerException if {@code duration} is null
     */
    public static void sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration must not be null: pass for example Duration.ofMillis(100)");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("sleep duration must be zero or more but was " + duration
                    + "; pass Duration.ZERO to only check for cancellation, or use yieldNow() to let others run");
        }
        Sleeper.sleep(duration);
    }

    /**
     * Sleeps for {@code millis} milliseconds; see {@link #sleep(Duration)}.
     *
     * @param millis how long, zero or more
     * @throws TaskCancelledException if the calling thread is interrupted (its task cancelled); the flag stays set
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    public static void sleep(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("sleep time must be zero or more milliseconds but was " + millis
                    + "; pass 0 to only check for cancellation, or use yieldNow() to let others run");
        }
        Sleeper.sleep(Duration.ofMillis(millis));
    }

    // ---- the global runtime ----

    /**
     * Creates the global runtime, used by {@link #spawn(Callable)} outside any task. A program that never calls
     * {@link #deinitGlobalRuntime()} still exits when its {@code main} returns; its tasks then simply stop.
     *
     * @param config how the global runtime runs tasks
     * @return the global runtime
     * @throws IllegalStateException if one is already initialised
     * @throws NullPointerException if {@code config} is null
     */
    public static ZsyncRuntime initGlobalRuntime(Config config) {
        Objects.requireNonNull(config, "config must not be null: pass Config.optimal() or a Config.builder() result");
        ZsyncRuntime existing = GLOBAL.get();
        if (existing == null) {
            ZsyncRuntime created = ZsyncRuntime.create(config);
            if (GLOBAL.compareAndSet(null, created)) {
                return created;
            }
            created.close();
            existing = GLOBAL.get();
        }
        throw new IllegalStateException("a global zsync runtime is already initialised (" + existing
                + "); use Zsync.getGlobalRuntime(), or call Zsync.deinitGlobalRuntime() before initialising another");
    }

    /**
     * Returns the global runtime.
     *
     * @return the global runtime
     * @throws IllegalStateException if none is initialised; the message says how to fix that
     */
    public static ZsyncRuntime getGlobalRuntime() {
        ZsyncRuntime global = GLOBAL.get();
        if (global == null) {
            throw new IllegalStateException("no global zsync runtime: call Zsync.initGlobalRuntime(Config.optimal())"
                    + " once at startup, or run your code inside Zsync.run(...)");
        }
        return global;
    }

    /**
     * Closes the global runtime ({@link ZsyncRuntime#close()}) and forgets it, so that another can be initialised.
     *
     * @throws IllegalStateException if none is initialised
     */
    public static void deinitGlobalRuntime() {
        ZsyncRuntime global = GLOBAL.getAndSet(null);
        if (global == null) {
            throw new IllegalStateException("no global zsync runtime to deinitialise: call"
                    + " Zsync.initGlobalRuntime(config) first, and deinitGlobalRuntime() once per init");
        }
        global.close();
    }

    /** The runtime that {@code what} runs on: the calling task's, else the global one; else a clear error. */
    static ZsyncRuntime runtimeFor(String what) {
        return requireRuntime(what);
    }

    private static ZsyncRuntime requireRuntime(String what) {
        TaskImpl<?> task = TaskImpl.current();
        if (task != null) {
            return task.core().facade();
        }
        ZsyncRuntime global = GLOBAL.get();
        if (global == null) {
            // name only calls that exist: ZsyncRuntime has spawn and newExecutor, not TaskScope.open or ticker
            boolean onRuntime = what.equals("spawn") || what.equals("newExecutor");
            throw new IllegalStateException("no zsync runtime for " + what + "() on thread '"
                    + Thread.currentThread().getName() + "': call it inside Zsync.run(...) or a task"
                    + (onRuntime ? ", use a ZsyncRuntime's " + what + "()" : "")
                    + ", or call Zsync.initGlobalRuntime(Config.optimal()) once at startup");
        }
        return global;
    }
}
