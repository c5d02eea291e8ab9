package io.zsync.internal.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A runtime's live tasks: every task from spawn until it completes, so that close() can cancel and await them.
 *
 * <p>Chunks of {@value #CHUNK} slots. A spawn reserves the next slot of the current chunk, writes its task there and
 * sets the slot's bit in the chunk's {@code published} word; a completion clears its slot and sets its bit in the
 * chunk's {@code done} word. A spawner touches only the current chunk's reservation line, a completion only its
 * chunk's {@code done} line: the two sides share no lock and no written cache line but the slots themselves (a
 * striped lock per task, measured before, was ~12 % of spawn+await's CPU samples). A chunk whose every slot is done
 * leaves the list; a slot never keeps a finished task reachable.
 */
final class TaskRegistry {
    /*
     * Implementation notes.
     *
     * Per chunk: `reserved` counts reservations (getAndIncrement by spawners; those past CHUNK go to the next chunk);
     * `published` and `done` are bit sets over the slots, each bit set once, a full barrier (`published`: getAndAdd
     * by the slot's one spawner; `done`: a CAS that does nothing if the bit is set, so remove is idempotent). The
     * slots are plain: a spawner writes its slot before setting its published bit, so whoever reads `published`
     * and sees the bit sees the task; a completion nulls its slot before setting its done bit. A reserver that finds
     * the registry closed sets both bits for its slot and gives up.
     *
     * Closing (Dekker): add() reserves (a full-barrier RMW), then reads `closed`; close() writes `closed`, then reads
     * every chunk's `reserved` under `lock`, and waits until each reserved slot is published. So either add() sees
     * the registry closed, or close() finds its task. New chunks join the list under `lock` before they become
     * `current`, so close() sees every chunk a spawner can have reserved in.
     *
     * `lock` guards the chunk list (once per CHUNK spawns and per retired chunk) and close/snapshot's walks.
     * Tests: TaskRegistryStressTest, RunTest, ExitTest, TaskTest (a failed task's handle is collected).
     */

    /** Slots per chunk: one bit each in a {@code long}. */
    static final int CHUNK = 64;

    private final int chunkSize;                     // CHUNK, or fewer in tests (so that chunks fill and retire)
    private final long all;                          // a chunk's bits, all set
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Chunk first;                   // the list of chunks not yet retired; guarded by lock
    private volatile Chunk current;                  // where spawns reserve; replaced under lock when full
    private volatile boolean closed;                 // false → true once, by close()

    TaskRegistry() {
        this(CHUNK);
    }

    TaskRegistry(int chunkSize) {
        this.chunkSize = chunkSize;
        this.all = chunkSize == 64 ? -1L : (1L << chunkSize) - 1;
        Chunk c = new Chunk(chunkSize);
        first = c;
        current = c;
    }

    /** Adds {@code task} unless the registry is closed. */
    boolean add(TaskImpl<?> task) {
        for (;;) {
            Chunk c = current;
            int i = Chunk.RESERVED.getAndIncrement(c);
            if (i < chunkSize) {
                if (closed) {   // read after the reservation: see the implementation notes
                    Chunk.PUBLISHED.getAndAdd(c, 1L << i);
                    c.finish(this, i);
                    return false;
                }
                c.slots[i] = task;
                task.chunk = c;
                task.slot = i;
                Chunk.PUBLISHED.getAndAdd(c, 1L << i);   // full barrier: publishes the slot's task
                return true;
            }
            grow(c);
        }
    }

    /** Takes {@code task} out, if it is in; idempotent (its done bit is set once). */
    void remove(TaskImpl<?> task) {
        Chunk c = task.chunk;
        if (c != null) {
            int i = task.slot;
            c.slots[i] = null;   // before the done bit: whoever sees the bit never finds the task here
            c.finish(this, i);
        }
    }

    private void grow(Chunk full) {
        lock.lock();
        try {
            if (current == full) {
                Chunk c = new Chunk(chunkSize);
                c.next = first;
                if (first != null) {
                    first.prev = c;
                }
                first = c;
                current = c;   // after it joined the list: close() sees every chunk a spawner can reach
            }
        } finally {
            lock.unlock();
        }
    }

    private void retire(Chunk c) {
        lock.lock();
        try {
            Chunk p = c.prev;
            Chunk n = c.next;
            if (p != null) {
                p.next = n;
            } else if (first == c) {
                first = n;
            } else {
                return;   // not in the list
            }
            if (n != null) {
                n.prev = p;
            }
            c.prev = null;   // a retired chunk, reachable from an old handle, keeps nothing else alive
            c.next = null;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the registry to new tasks and returns the tasks it holds. */
    List<TaskImpl<?>> close() {
        closed = true;
        return snapshot();
    }

    /** The tasks in the registry now. */
    List<TaskImpl<?>> snapshot() {
        List<TaskImpl<?>> live = new ArrayList<>();
        lock.lock();
        try {
            for (Chunk c = first; c != null; c = c.next) {
                c.collect(live, chunkSize, all);
            }
        } finally {
            lock.unlock();
        }
        return live;
    }

    /** How many chunks are in the list now (for tests). */
    int chunks() {
        lock.lock();
        try {
            int n = 0;
            for (Chunk c = first; c != null; c = c.next) {
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** A chunk of slots; its reservation counter and its done word on separate cache lines. */
    static final class Chunk extends ChunkDone {
        final @Nullable TaskImpl<?>[] slots;   // plain; see the implementation notes
        @Nullable Chunk prev;                  // list links; guarded by the lock
        @Nullable Chunk next;

        Chunk(int size) {
            slots = new TaskImpl<?>[size];
        }

        /** Slot {@code i} is done (a second call for it does nothing); the last slot to finish retires the chunk. */
        void finish(TaskRegistry registry, int i) {
            long bit = 1L << i;
            long d;
            do {
                d = done;
                if ((d & bit) != 0) {
                    return;
                }
            } while (!DONE.compareAndSet(this, d, d | bit));
            if ((d | bit) == registry.all) {
                registry.retire(this);
            }
        }

        /** Adds the tasks of this chunk to {@code live}, waiting for reserved slots to be published. */
        void collect(List<TaskImpl<?>> live, int size, long all) {
            int reserved = Math.min(this.reserved, size);
            long mask = reserved == size ? all : (1L << reserved) - 1;
            long p;
            for (int spins = 0; ((p = published) & mask) != mask; spins++) {
                if (spins < 100) {
                    Thread.onSpinWait();   // a spawner between its reservation and its publication
                } else {
                    Thread.yield();
                }
            }
            long d = done;
            for (int i = 0; i < reserved; i++) {
                TaskImpl<?> t = slots[i];
                if ((d & (1L << i)) == 0 && t != null) {
                    live.add(t);
                }
            }
        }
    }

    /** The spawners' line: reservations and publications. */
    abstract static class ChunkHead {
        static final AtomicIntegerFieldUpdater<ChunkHead> RESERVED =
                AtomicIntegerFieldUpdater.newUpdater(ChunkHead.class, "reserved");
        static final AtomicLongFieldUpdater<ChunkHead> PUBLISHED =
                AtomicLongFieldUpdater.newUpdater(ChunkHead.class, "published");
        volatile int reserved;    // slots handed out; getAndIncrement by spawners (past the size: the chunk is full)
        volatile long published;  // bit i: slot i holds its task (or was given up); getAndAdd by its spawner
    }

    /** 128 bytes between the spawners' line and the completions' line. */
    abstract static class ChunkPad extends ChunkHead {
        long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
    }

    /** The completions' line. */
    abstract static class ChunkDone extends ChunkPad {
        static final AtomicLongFieldUpdater<ChunkDone> DONE =
                AtomicLongFieldUpdater.newUpdater(ChunkDone.class, "done");
        volatile long done;       // bit i: slot i's task left (or its spawn gave up); set once, by CAS
    }
}
