package io.zsync.jsonrpc.internal;

import io.zsync.TaskCancelledException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-shot latch: open once, waited for by any number of threads. One per message on a lane, so it is small: a
 * reference that is either {@link #OPEN_STATE} or the stack of waiting threads. Waiting parks the thread (cheap on
 * a virtual thread) and throws {@link TaskCancelledException} if the waiting task is cancelled (interrupted).
 */
final class Gate {
    /*
     * Maintainer notes. A waiter pushes its node, then re-checks the state before each park: open() swaps in
     * OPEN_STATE and unparks every node it took, so a waiter either saw OPEN_STATE or is in the stack open() takes.
     * A cancelled waiter leaves its node behind: open() unparks a thread that no longer waits, which is harmless.
     * (A zsync channel did this job first; it cost an allocation-heavy object per message.)
     */

    private static final Object OPEN_STATE = new Object();

    static final Gate OPEN = opened();

    private record Waiter(Thread thread, Object next) {
    }

    private final AtomicReference<Object> state = new AtomicReference<>();   // null: closed, nobody waits

    private static Gate opened() {
        Gate g = new Gate();
        g.open();
        return g;
    }

    /** Opens it and wakes its waiters; idempotent. */
    void open() {
        Object s = state.getAndSet(OPEN_STATE);
        while (s instanceof Waiter w) {
            LockSupport.unpark(w.thread);
            s = w.next;
        }
    }

    boolean isOpen() {
        return state.get() == OPEN_STATE;
    }

    /** Waits until open; throws {@link TaskCancelledException} if the waiting thread is interrupted. */
    void await() {
        Object s = state.get();
        if (s == OPEN_STATE) {
            return;
        }
        Thread me = Thread.currentThread();
        while (!state.compareAndSet(s, new Waiter(me, s))) {
            s = state.get();
            if (s == OPEN_STATE) {
                return;
            }
        }
        while (state.get() != OPEN_STATE) {
            if (Thread.interrupted()) {
                me.interrupt();   // keep the flag for the task's own checks
                throw new TaskCancelledException("cancelled while waiting for earlier messages of its lane");
            }
            LockSupport.park(this);
        }
    }
}
