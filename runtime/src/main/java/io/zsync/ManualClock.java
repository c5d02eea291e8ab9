package io.zsync;

import io.zsync.internal.time.ManualTime;
import java.time.Duration;

/**
 * Time that moves only when a test says so: give it to a runtime with {@link Config.Builder#clock(ManualClock)} and
 * every wait with a deadline in that runtime's tasks — {@link Zsync#sleep(Duration)}, {@link Task#await(Duration)},
 * timed channel operations, {@link Select} timeouts, {@link Zsync#timeout}, {@link io.zsync.sync.Semaphore} and
 * {@link io.zsync.sync.Mutex} timeouts — reads this clock instead of the system's. A test of a 30-second timeout then finishes in milliseconds,
 * the same way every run: what Reactor's {@code VirtualTimeScheduler} and kotlinx's {@code runTest} give callback and
 * suspend code, for plain blocking code on virtual threads.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().clock(clock).build())) {
 *     Task<String> t = rt.spawn(() -> { Zsync.sleep(Duration.ofSeconds(30)); return "done"; });
 *     clock.advance(Duration.ofSeconds(30));   // the sleep ends now
 *     t.await();
 * }
 * }</pre>
 *
 * <p>An {@linkplain #autoAdvancing() auto-advancing} clock moves by itself: whenever every task of its runtime is
 * blocked (parked in a wait, by thread state) and some wait has a deadline, it jumps to the earliest deadline. That is
 * exact for tasks on virtual threads (the default execution model): a virtual thread that was woken is never seen as
 * blocked. Waits of threads that are not tasks of a runtime read
 * the system clock. {@link Zsync#runTest} runs a test body on such a clock.
 */
public sealed interface ManualClock permits ManualTime {
    /**
     * A clock at zero that moves only by {@link #advance(Duration)}.
     *
     * @return a new manual clock
     */
    static ManualClock create() {
        return ManualTime.create(false, false);
    }

    /**
     * A clock at zero that also advances by itself to the next deadline whenever every task of its runtime is
     * blocked.
     *
     * @return a new auto-advancing manual clock
     */
    static ManualClock autoAdvancing() {
        return ManualTime.create(true, false);
    }

    /**
     * How far this clock has moved since it was created.
     *
     * @return the elapsed virtual time
     */
    Duration elapsed();

    /**
     * Moves time forward by {@code by} and wakes every wait whose deadline is now past.
     *
     * @param by zero or more
     * @throws IllegalArgumentException if {@code by} is negative
     */
    void advance(Duration by);

    /**
     * Whether this clock advances by itself when every task of its runtime is blocked.
     *
     * @return true for {@link #autoAdvancing()} clocks
     */
    boolean autoAdvances();

    /**
     * How many waits with a deadline are parked on this clock now; a test can wait for this to reach the number of
     * sleepers it expects before it advances.
     *
     * @return the number of pending timers
     */
    int pendingTimers();
}
