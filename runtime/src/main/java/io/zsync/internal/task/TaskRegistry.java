package io.zsync.internal.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A runtime's live tasks: every task from spawn until it completes, so that close() can cancel and await them.
 *
 * <p>Striped: each stripe is a lock and an intrusive doubly-linked list through the tasks' own {@code prevLive} and
 * {@code nextLive} fields; a task's stripe follows from its id. A spawn links into one stripe, a completion unlinks
 * from it: no allocation, and the spawning thread and the finishing carriers rarely meet on one lock. (A
 * ConcurrentHashMap here was ~12 % of spawn+await's CPU samples, with its size counter contended.)
 *
 * <p>{@link #add} checks {@code closed} under the stripe's lock; {@link #close} sets it, then takes every stripe's
 * lock in turn. An add that linked before close reached its stripe is collected; one after sees {@code closed}.
 */
final class TaskRegistry {
    private static final int STRIPES = Integer.highestOneBit(
            Math.max(4, 4 * java.lang.Runtime.getRuntime().availableProcessors()) * 2 - 1);

    /** Slots between two stripes' heads: 16 references span a 64-byte cache line at least. */
    private static final int SPREAD = 16;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final TaskImpl<?>[] heads = new TaskImpl<?>[STRIPES * SPREAD];   // heads[i * SPREAD], guarded by locks[i]
    private final Object[] padding = new Object[STRIPES];                    // keeps the locks apart; never read
    private volatile boolean closed;                                         // false → true once, by close()

    TaskRegistry() {
        for (int i = 0; i < STRIPES; i++) {
            // Allocated in turn with a 128-byte spacer, so that two stripes' locks do not share a cache line (JFR
            // showed the lock release contended when they did: false sharing between carriers).
            padding[i] = new long[16];
            locks[i] = new ReentrantLock();
        }
    }

    /** Links {@code task} in unless the registry is closed. */
    boolean add(TaskImpl<?> task) {
        int i = task.stripe(STRIPES);
        ReentrantLock lock = locks[i];
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            TaskImpl<?> head = heads[i * SPREAD];
            task.nextLive = head;
            if (head != null) {
                head.prevLive = task;
            }
            heads[i * SPREAD] = task;
            task.registered = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Unlinks {@code task} if linked; idempotent. */
    void remove(TaskImpl<?> task) {
        int i = task.stripe(STRIPES);
        ReentrantLock lock = locks[i];
        lock.lock();
        try {
            if (!task.registered) {
                return;
            }
            task.registered = false;
            TaskImpl<?> prev = task.prevLive;
            TaskImpl<?> next = task.nextLive;
            if (prev != null) {
                prev.nextLive = next;
            } else {
                heads[i * SPREAD] = next;
            }
            if (next != null) {
                next.prevLive = prev;
            }
            task.prevLive = null;
            task.nextLive = null;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the registry to new tasks and returns the tasks it holds. */
    List<TaskImpl<?>> close() {
        closed = true;
        return snapshot();
    }

    /** The tasks linked now. */
    List<TaskImpl<?>> snapshot() {
        List<TaskImpl<?>> live = new ArrayList<>();
        for (int i = 0; i < STRIPES; i++) {
            locks[i].lock();
            try {
                for (TaskImpl<?> t = heads[i * SPREAD]; t != null; t = t.nextLive) {
                    live.add(t);
                }
            } finally {
                locks[i].unlock();
            }
        }
        return live;
    }
}
