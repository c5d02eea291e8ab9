package io.zsync.internal.sync;

import io.zsync.internal.task.TaskImpl;
import io.zsync.internal.time.Clock;
import io.zsync.sync.Mutex;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link Mutex}: {@link Permits} with one permit, plus an owner. */
public final class MutexImpl extends Permits implements Mutex {
    /*
     * Implementation notes.
     *
     * The wait queue, hand-off and their proof are Permits' (limit 1, so state is 1 unlocked, 0 locked, -n locked
     * with n waiters). Here: the owner.
     *
     * Uncontended: lock is one CAS (state 1 -> 0) and a plain write of `owner`; unlock is a plain read and write of
     * `owner` and one CAS (state 0 -> 1). Only when a CAS fails do the slow paths run: the owner check of lock
     * ("would deadlock") and Permits' queue.
     *
     * `owner` is written only by the thread that holds the permit, or by the giver under the queue lock in
     * handedTo, before the waiter is granted (so the new owner is recorded before it can run on, and the old one
     * cannot pass the owner check again). Unlock clears it before the CAS that frees the permit: the next owner's
     * write comes after that CAS, so it is never clobbered. The owner check is exact for the calling thread: a
     * thread sees its own last write to `owner`, or a later one (happens-before through the permit). Other threads
     * read it only for error messages.
     * Maintenance: run MutexTest, MutexStressTest, MutexLincheckTest after a change.
     */

    private @Nullable Thread owner;   // see the notes: holder-written, racy for everyone else

    private MutexImpl() {
        super(1, 1);
    }

    /** See {@link Mutex#create()}. */
    public static MutexImpl create() {
        return new MutexImpl();
    }

    @Override
    public void lock() {
        if (tryTakeOnly()) {
            owner = Thread.currentThread();
            return;
        }
        lockSlow(false, 0L, Clock.SYSTEM, "lock()");
    }

    @Override
    public boolean lock(Duration timeout) {
        Clock clock = TaskImpl.currentClock();
        long deadline = deadline(clock, timeout, "lock(timeout)");
        if (tryTakeOnly()) {
            owner = Thread.currentThread();
            return true;
        }
        return lockSlow(true, deadline, clock, "lock(timeout)");
    }

    private boolean lockSlow(boolean timed, long deadline, Clock clock, String what) {
        Thread me = Thread.currentThread();
        checkNotOwner(me, what);
        if (take(timed, deadline, clock, what)) {
            owner = me;
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock() {
        if (tryTakeOnly()) {
            owner = Thread.currentThread();
            return true;
        }
        checkNotOwner(Thread.currentThread(), "tryLock()");
        return false;
    }

    @Override
    public void unlock() {
        Thread me = Thread.currentThread();
        Thread o = owner;
        if (o != me) {
            throw new IllegalStateException(o == null
                    ? "unlock() of a mutex that is not locked: unlock only after lock() or a tryLock() that returned"
                            + " true (withLock pairs them for you)"
                    : "unlock() by " + describe(me) + ", but the mutex is owned by " + describe(o)
                            + ": only the thread that locked it may unlock it; to lock in one task and release in"
                            + " another, use Semaphore.create(1)");
        }
        owner = null;   // before the CAS that frees the permit: the next owner's write comes after it
        if (!tryGiveOnly()) {
            give();     // waiters queued: hand over, recording the new owner (handedTo)
        }
    }

    @Override
    public <T> T withLock(Callable<T> action) throws Exception {
        return holding(this::lock, action, this::unlock, "withLock");
    }

    @Override
    public void withLock(io.zsync.CheckedRunnable action) throws Exception {
        holding(this::lock, runnable(action), this::unlock, "withLock");
    }

    @Override
    public boolean isLocked() {
        return free() == 0;
    }

    /** A select clause that locks this mutex; the select's thread then owns it. */
    public io.zsync.internal.select.Selector.Clause lockClause() {
        return takeClause();
    }

    @Override
    boolean tryTakeForSelect() {
        Thread me = Thread.currentThread();
        if (tryTakeOnly()) {
            owner = me;
            return true;
        }
        checkNotOwner(me, "select onLock");
        return false;
    }

    @Override
    void returnTaken() {
        unlock();   // the select's thread was made the owner when the lock was handed to it
    }

    @Override
    void handedTo(Thread thread) {
        owner = thread;
    }

    @Override
    IllegalStateException overGiven() {
        return new IllegalStateException("unlock() of a mutex that is not locked");   // the owner check comes first
    }

    /**
     * Throws the error {@link #lock()} gives if the calling thread owns this mutex ({@code what} names the call).
     */
    public void checkNotOwnedByCaller(String what) {
        checkNotOwner(Thread.currentThread(), what);
    }

    private void checkNotOwner(Thread me, String what) {
        if (owner == me) {
            throw new IllegalStateException(what + " by " + describe(me) + ", which already owns this mutex: it"
                    + " would deadlock, waiting for itself (a Mutex is not reentrant); unlock() first, or restructure"
                    + " so that the code under the lock does not lock it again");
        }
    }

    private static String describe(Thread t) {
        String name = t.getName();
        return (t.isVirtual() ? "virtual thread #" : "thread #") + t.threadId()
                + (name.isEmpty() ? "" : " \"" + name + "\"");
    }

    @Override
    public String toString() {
        Thread o = owner;
        int q = queued();
        return "Mutex[" + (isLocked() ? "locked" + (o != null ? " by " + describe(o) : "") : "unlocked")
                + (q > 0 ? ", " + q + " waiting]" : "]");
    }
}
