package io.zsync.sync;

import io.zsync.internal.sync.SemaphoreImpl;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A count of permits that tasks take and give back, to limit how many of them do something at once: at most
 * {@link #permits()} tasks run {@link #withPermit(Callable)}'s action at the same time, the others wait their turn.
 *
 * <p>Not {@link java.util.concurrent.Semaphore}: a different type in a different package, with the same idea. Pick
 * this one in code that runs as zsync tasks: its waits are woken by {@link io.zsync.Task#cancel()} with
 * {@link io.zsync.TaskCancelledException} (unchecked, so cancellation propagates) rather than a checked
 * {@link InterruptedException}; its timeouts read the runtime's clock, so a test's {@link io.zsync.ManualClock} drives
 * them; it is always first-in first-out; and giving back more permits than were taken is an error here, where the
 * JDK's semaphore silently grows. Both park virtual threads without pinning their carriers.
 *
 * {@snippet :
 * Semaphore connections = Semaphore.create(4);     // at most 4 requests in flight
 * for (URI uri : uris) {
 *     Zsync.spawn(() -> connections.withPermit(() -> fetch(uri)));
 * }
 * }
 *
 * <h2>Fairness</h2>
 * First in, first out: a permit given back goes to the thread that has waited longest, and no thread takes a free
 * permit while others wait, not even with {@link #tryAcquire()}.
 *
 * <h2>Permits are counted, not owned</h2>
 * Any thread may give back a permit that another took (a task may hand its permit to a child). The semaphore checks
 * only the count: giving back a permit when all {@link #permits()} are already free throws
 * {@link IllegalStateException}. A thread that releases a permit it never took, while others hold theirs, cannot be
 * told apart from a legitimate release; {@link #withPermit(Callable)} pairs them for you.
 *
 * <h2>Permits in flight</h2>
 * When a waiting {@code acquire} is cancelled or times out at the moment a permit is handed to it, exactly one of two
 * things happens: the call returns as the holder of that permit (and the caller must release it), or it reports the
 * cancellation or timeout and the permit goes to the next waiter. A permit is never lost, never counted twice.
 *
 * <p>Thread-safe: any method may be called from any thread.
 * <p>Memory consistency effects: actions in a thread before {@code release()} happen-before actions following the
 * successful {@code acquire} (or {@code tryAcquire}) that takes that permit in another thread.
 *
 * @since 0.1
 */
public sealed interface Semaphore permits SemaphoreImpl {

    /**
     * Creates a semaphore with {@code permits} permits, all free.
     *
     * @param permits how many holders at once; 1 or more
     * @return a new semaphore
     * @throws IllegalArgumentException if {@code permits} is zero or negative
     */
    static Semaphore create(int permits) {
        return SemaphoreImpl.create(permits);
    }

    /**
     * Takes a permit, waiting for one if none is free.
     *
     * <p><b>Blocking and cancellation:</b> parks the calling thread in FIFO order (cheap on a virtual thread) until a
     * permit is handed to it. If a permit is free and nobody waits, it takes it without checking the interrupt flag.
     * If the calling thread is interrupted (its task cancelled) before or while it waits, this throws
     * {@link io.zsync.TaskCancelledException} with the interrupt flag still set, having taken nothing.
     *
     * <p><b>Permits in flight:</b> a permit handed over at the moment of the interrupt is kept: the call returns
     * normally (the flag still set) and the caller holds the permit.
     *
     * <p><b>Related:</b> {@link #tryAcquire()} never waits; {@link #acquire(Duration)} waits at most so long.
     *
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it had to wait
     */
    void acquire();

    /**
     * Takes a permit, waiting at most {@code timeout} for one.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #acquire()}; the timeout is measured on the clock of the calling
     * task's runtime (a {@link io.zsync.ManualClock} in tests), the system clock outside tasks.
     *
     * <p><b>Permits in flight:</b> a permit handed over at the moment the timeout expires is kept: the call returns
     * {@code true}. When it returns {@code false} it holds nothing.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} does not wait
     * @return true if the caller now holds a permit, false if the timeout expired first
     * @throws IllegalArgumentException if {@code timeout} is negative: pass {@code Duration.ZERO} to not wait
     * @throws NullPointerException if {@code timeout} is null
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it had to wait
     */
    boolean acquire(Duration timeout);

    /**
     * Takes a permit if one is free and nobody waits for one; never waits.
     *
     * @return true if the caller now holds a permit
     */
    boolean tryAcquire();

    /**
     * Gives back a permit: to the thread that has waited longest, else to the free ones. Never waits.
     *
     * @throws IllegalStateException if every permit is already free: more releases than acquires
     */
    void release();

    /**
     * Runs {@code action} holding a permit: {@link #acquire()}, then {@code action}, then {@link #release()}, whatever
     * {@code action} does.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #acquire()}; if the wait is cancelled, {@code action} does not
     * run.
     *
     * @param action the code to run
     * @param <T> its result type
     * @return what {@code action} returned
     * @throws Exception what {@code action} threw, as it was thrown
     * @throws NullPointerException if {@code action} is null
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it waited for a permit
     */
    <T> T withPermit(Callable<T> action) throws Exception;

    /**
     * Runs {@code action}, which returns nothing, holding a permit; see {@link #withPermit(Callable)}.
     *
     * @param action the code to run; it may throw checked exceptions
     * @throws Exception what {@code action} threw, as it was thrown
     * @throws NullPointerException if {@code action} is null
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it waited for a permit
     */
    void withPermit(io.zsync.CheckedRunnable action) throws Exception;

    /**
     * Returns how many permits are free now; zero while any thread waits. A racy snapshot.
     *
     * @return the free permits, from 0 to {@link #permits()}
     */
    int availablePermits();

    /**
     * Returns how many permits this semaphore has in all, free or held: what it was created with.
     *
     * @return the total
     */
    int permits();
}
