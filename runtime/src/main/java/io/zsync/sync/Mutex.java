package io.zsync.sync;

import io.zsync.internal.sync.MutexImpl;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A lock for tasks: one holder at a time, others wait in FIFO order, and only the holder may unlock.
 *
 * {@snippet :
 * Mutex mutex = Mutex.create();
 * int next = mutex.withLock(() -> counter.incrementAndGet());
 * }
 *
 * <h2>The owner</h2>
 * The owner is the thread that locked the mutex. Each zsync task runs on a thread of its own (a virtual thread by
 * default) for its whole life, so in practice the owner is the task. Not reentrant: locking again from the owner
 * fails at once with {@link IllegalStateException} ("would deadlock") instead of hanging, and {@link #unlock()} from
 * any other thread fails with an {@link IllegalStateException} that names the owner. Code that must lock in one task
 * and unlock in another wants a {@link Semaphore} of one permit, whose permits are not owned.
 *
 * <h2>Compared with {@link java.util.concurrent.locks.ReentrantLock}</h2>
 * The waits here are woken by {@link io.zsync.Task#cancel()} with {@link io.zsync.TaskCancelledException} (unchecked,
 * so cancellation propagates) instead of a checked {@link InterruptedException}, their timeouts read the runtime's
 * clock (a test's {@link io.zsync.ManualClock} drives them), and the lock always goes to the longest waiter. Neither
 * pins a virtual thread's carrier. An uncontended lock and unlock cost one atomic compare-and-set each.
 *
 * <h2>Ownership in flight</h2>
 * When a waiting {@code lock} is cancelled or times out at the moment the mutex is handed to it, exactly one of two
 * things happens: the call returns as the owner (and the caller must unlock), or it reports the cancellation or
 * timeout and the mutex goes to the next waiter. The mutex is never left locked by nobody.
 *
 * <p>Thread-safe: any method may be called from any thread.
 * <p>Memory consistency effects: actions of the owner before {@code unlock()} happen-before actions following the
 * next successful {@code lock} (or {@code tryLock}) in another thread.
 *
 * @since 0.1
 */
public sealed interface Mutex permits MutexImpl {

    /**
     * Creates an unlocked mutex.
     *
     * @return a new mutex
     */
    static Mutex create() {
        return MutexImpl.create();
    }

    /**
     * Locks the mutex, waiting for it if another thread holds it.
     *
     * <p><b>Blocking and cancellation:</b> parks the calling thread in FIFO order (cheap on a virtual thread) until
     * the mutex is handed to it. If the mutex is unlocked and nobody waits, it locks without checking the interrupt
     * flag. If the calling thread is interrupted (its task cancelled) before or while it waits, this throws
     * {@link io.zsync.TaskCancelledException} with the interrupt flag still set, having locked nothing.
     *
     * <p><b>Ownership in flight:</b> if the mutex is handed over at the moment of the interrupt, the call returns
     * normally (the flag still set) and the caller owns the mutex.
     *
     * <p><b>Related:</b> {@link #tryLock()} never waits; {@link #lock(Duration)} waits at most so long.
     *
     * @throws IllegalStateException if the calling thread already owns this mutex (it would wait for itself)
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it had to wait
     */
    void lock();

    /**
     * Locks the mutex, waiting at most {@code timeout} for it.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #lock()}; the timeout is measured on the clock of the calling
     * task's runtime (a {@link io.zsync.ManualClock} in tests), the system clock outside tasks.
     *
     * <p><b>Ownership in flight:</b> if the mutex is handed over at the moment the timeout expires, the call returns
     * {@code true}. When it returns {@code false} the caller owns nothing.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} does not wait
     * @return true if the caller now owns the mutex, false if the timeout expired first
     * @throws IllegalArgumentException if {@code timeout} is negative: pass {@code Duration.ZERO} to not wait
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalStateException if the calling thread already owns this mutex
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it had to wait
     */
    boolean lock(Duration timeout);

    /**
     * Locks the mutex if it is unlocked and nobody waits for it; never waits.
     *
     * @return true if the caller now owns the mutex
     * @throws IllegalStateException if the calling thread already owns this mutex: a bug, not a busy mutex
     */
    boolean tryLock();

    /**
     * Unlocks the mutex: hands it to the thread that has waited longest, if any. Never waits.
     *
     * @throws IllegalStateException if the calling thread does not own the mutex (the message says who does)
     */
    void unlock();

    /**
     * Runs {@code action} owning the mutex: {@link #lock()}, then {@code action}, then {@link #unlock()}, whatever
     * {@code action} does.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #lock()}; if the wait is cancelled, {@code action} does not run.
     *
     * @param action the code to run
     * @param <T> its result type
     * @return what {@code action} returned
     * @throws Exception what {@code action} threw, as it was thrown
     * @throws NullPointerException if {@code action} is null
     * @throws IllegalStateException if the calling thread already owns this mutex
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it waited
     */
    <T> T withLock(Callable<T> action) throws Exception;

    /**
     * Runs {@code action}, which returns nothing, owning the mutex; see {@link #withLock(Callable)}.
     *
     * @param action the code to run; it may throw checked exceptions
     * @throws Exception what {@code action} threw, as it was thrown
     * @throws NullPointerException if {@code action} is null
     * @throws IllegalStateException if the calling thread already owns this mutex
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while it waited
     */
    void withLock(io.zsync.CheckedRunnable action) throws Exception;

    /**
     * Returns whether some thread owns the mutex now. A racy snapshot.
     *
     * @return true if locked
     */
    boolean isLocked();
}
