package io.zsync.internal.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A runtime's live tasks: every task from spawn until it completes, so that close() can cancel and await them.
 *
 * <p>Chunks of {@value #CHUNK} slots. A task reserves the next slot of the current chunk when it is constructed
 * (one atomic increment: the only atomic of the registry per task) and its spawner then writes it there; a
 * completion overwrites its slot with {@code GONE}, a plain store. Spawns and completions share no lock and no
 * atomic; a slot never keeps a finished task reachable. Chunks whose every slot is {@code GONE} leave the list,
 * found by the spawner that fills a chunk (once per {@value #CHUNK} spawns).
 */
final class TaskRegistry {
    /*
     * Implementation notes.
     *
     * Slots: each is written at most twice, null → task (its spawner, after the task's constructor reserved it) →
     * GONE (its completion, or the spawner if the registry was closed). The task's store and its completion's GONE
     * are plain stores behind a release fence (free on x86). A reader that finds a task in a slot may read it
     * through a race; what it uses of the task is safe so: the chunk and slot, and what a cancel or a report needs,
     * are final fields of TaskImpl (final-field semantics cover a racy read), the rest are volatile, and what its
     * constructor writes to them (an owned task's UNADMITTED) precedes the fence. A completion writes GONE only after it has published the
     * task's outcome, and snapshot() puts an acquire fence after its reads of the slots: so a closer that finds a
     * slot GONE sees that task done, and close() never returns with a task it skipped still pending
     * (the order is checked by TaskRegistryLincheckTest, whose model is sequentially consistent, so not the fences;
     * the other order failed TaskRegistryStressTest in CI). A sweep that finds slots GONE (isVacant) ends with an
     * acquire fence too: close() inherits that judgement, for those slots and retired chunks, through the lock.
     * A task holds its chunk's slot array, not the chunk: completions write no line that spawners write but the
     * slots themselves (reading the chunk would share its reservation counter's line with every completion:
     * measured at 3.5 % of spawn+await's samples).
     *
     * Closing (Dekker): a task's reservation (getAndIncrement, a full barrier) precedes its spawner's read of
     * `closed`; close() writes `closed`, then reads every chunk's `reserved` under `lock`, and waits until each
     * reserved slot is written (the spawner is a few instructions from writing it). So either the spawner sees the
     * registry closed, or close() finds its task. The current chunk joins the lists under `lock` before another
     * becomes current, so close() sees every chunk a task can have reserved in.
     *
     * Retiring: a full chunk goes to the `young` list, oldest first. Whenever a chunk fills up, its spawner (under
     * `lock`) retires young chunks that are all GONE (short tasks end soon after their chunk fills) and moves the
     * oldest young chunk to the `old` list once more than YOUNG chunks wait; it also looks at OLD_CHECKS chunks of
     * `old` in turn. A chunk remembers how far its slots are known to be GONE, so looking at one pinned by a live
     * task costs one read. A chunk with a live task stays, so the lists hold at most one chunk per live task, plus
     * those not yet looked at again: about YOUNG, plus old chunks whose last task ended since the last round.
     *
     * `lock` guards the lists and the sweeps (once per CHUNK spawns) and close/snapshot's walks.
     * Maintenance: run TaskRegistryLincheckTest, TaskRegistryStressTest, RunTest, ExitTest, TaskTest (a failed task's
     * handle is collected) after a change.
     */

    /** Slots per chunk. */
    static final int CHUNK = 64;
    /** Young chunks kept waiting for their tasks to end before they move to the old list. */
    private static final int YOUNG = 8;
    /** Old chunks looked at per sweep. */
    private static final int OLD_CHECKS = 4;

    /** What a slot holds once its task has left. */
    static final Object GONE = new Object();

    private final int chunkSize;                     // CHUNK, or fewer in tests (so that chunks fill and retire)
    private final ReentrantLock lock = new ReentrantLock();
    private final ChunkList young = new ChunkList();  // full chunks, oldest first; guarded by lock
    private final ChunkList old = new ChunkList();    // full chunks with a long-lived task; guarded by lock
    private @Nullable Chunk cursor;                   // where the next look at `old` starts; guarded by lock
    private volatile Chunk current;                   // where tasks reserve; replaced under lock when full
    private volatile boolean closed;                  // false → true once, by close()

    TaskRegistry() {
        this(CHUNK);
    }

    TaskRegistry(int chunkSize) {
        this.chunkSize = chunkSize;
        this.current = new Chunk(chunkSize);
    }

    /** The chunk where a new task reserves its slot: see {@link Chunk#reserve()} and {@link #next(Chunk)}. */
    Chunk current() {
        return current;
    }

    /** The chunk after {@code full}, where reservations go on: made current by the first to ask. */
    Chunk next(Chunk full) {
        lock.lock();
        try {
            Chunk c = current;
            if (c == full) {
                young.append(full);   // before another chunk is current: close() sees every chunk reserved in
                sweep();
                c = new Chunk(chunkSize);
                current = c;
            }
            return c;
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code task} into the slot its constructor reserved, unless the registry is closed. */
    boolean publish(TaskImpl<?> task) {
        if (closed) {   // read after the reservation: see the implementation notes
            task.slots[task.slot] = GONE;
            return false;
        }
        VarHandle.releaseFence();   // a closer that finds the task sees what came before (an owned task's state)
        task.slots[task.slot] = task;
        return true;
    }

    /**
     * Takes {@code task} out; idempotent. A completion calls it after publishing the outcome, and touches its slot
     * only, no line of the chunk's.
     */
    void remove(TaskImpl<?> task) {
        VarHandle.releaseFence();   // what came before (the outcome) is seen by whoever sees GONE: see the notes
        task.slots[task.slot] = GONE;
    }

    /**
     * Takes {@code task} out under the lock, for a runtime whose manual clock's watcher takes snapshots: a snapshot
     * that no longer finds the task then sees all the task did before (its waiters' callbacks).
     */
    void removeUnderLock(TaskImpl<?> task) {
        lock.lock();
        try {
            remove(task);
        } finally {
            lock.unlock();
        }
    }

    /** Retires chunks all of whose tasks have left; under lock. */
    private void sweep() {
        Chunk c;
        while ((c = young.first) != null && c.isVacant()) {
            young.unlink(c);
        }
        if (young.size > YOUNG && (c = young.first) != null) {
            young.unlink(c);
            old.append(c);
        }
        for (int i = 0; i < OLD_CHECKS && old.first != null; i++) {
            c = cursor != null && cursor.list == old ? cursor : old.first;
            cursor = c.next;
            if (c.isVacant()) {
                old.unlink(c);
            }
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
            current.collect(live);
            for (Chunk c = young.first; c != null; c = c.next) {
                c.collect(live);
            }
            for (Chunk c = old.first; c != null; c = c.next) {
                c.collect(live);
            }
        } finally {
            lock.unlock();
        }
        VarHandle.acquireFence();   // pairs with remove()'s release fence: a task found GONE is seen done
        return live;
    }

    /** How many chunks the registry holds now, the current one included (for tests). */
    int chunks() {
        lock.lock();
        try {
            return 1 + young.size + old.size;
        } finally {
            lock.unlock();
        }
    }

    /** A chunk of slots. */
    static final class Chunk {
        private static final AtomicIntegerFieldUpdater<Chunk> RESERVED =
                AtomicIntegerFieldUpdater.newUpdater(Chunk.class, "reserved");

        final @Nullable Object[] slots;      // null, then a task, then GONE; plain (see the implementation notes)
        private volatile int reserved;       // slots handed out; past the size: the chunk is full
        private int vacantBelow;             // slots below this are known GONE; guarded by the registry's lock
        @Nullable ChunkList list;            // the list this chunk is in, if any; guarded by the lock
        @Nullable Chunk prev;                // links in that list; guarded by the lock
        @Nullable Chunk next;

        Chunk(int size) {
            slots = new Object[size];
        }

        /** Reserves the next slot: its index, or -1 if the chunk is full (then ask the registry for the next). */
        int reserve() {
            int i = RESERVED.getAndIncrement(this);
            return i < slots.length ? i : -1;
        }

        /** Whether every slot is GONE; only for a full chunk (every slot reserved). Under the lock. */
        boolean isVacant() {
            int i = vacantBelow;
            while (i < slots.length && slots[i] == GONE) {
                i++;
            }
            vacantBelow = i;
            VarHandle.acquireFence();   // slots judged GONE here are not read again: see remove()
            return i == slots.length;
        }

        /** Adds the tasks of this chunk to {@code live}, waiting for reserved slots to be written. */
        void collect(List<TaskImpl<?>> live) {
            for (int i = vacantBelow; i < slots.length; i++) {
                Object s = slots[i];
                if (s == null && (s = awaitWritten(i)) == null) {
                    return;   // not reserved: neither is any later slot
                }
                if (s != GONE) {
                    live.add((TaskImpl<?>) s);
                }
            }
        }

        /**
         * Waits for slot {@code i}, found empty, to be written, if it is reserved: its task is a few instructions
         * from writing it. Returns what was written, or null if the slot is not reserved. Each look is an acquire
         * read of the slot (the spinning read another thread's write must end, which a plain read need not see);
         * the VarHandle is made on the first wait, not at startup, as this race is rare.
         */
        private @Nullable Object awaitWritten(int i) {
            for (int spins = 0; ; spins++) {
                Object s = SlotAccess.getAcquire(slots, i);
                if (s != null) {
                    return s;
                }
                if (i >= reserved) {
                    return null;
                }
                if (spins < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();   // the spawner may have lost its CPU between reserving and writing
                }
            }
        }
    }

    /** Acquire reads of slots, for the rare wait in {@link Chunk#awaitWritten}: a holder, made on first use. */
    private static final class SlotAccess {
        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

        static @Nullable Object getAcquire(@Nullable Object[] slots, int i) {
            return (Object) SLOTS.getAcquire(slots, i);
        }
    }

    /** A doubly linked list of chunks with its length; guarded by the registry's lock. */
    private static final class ChunkList {
        @Nullable Chunk first;
        @Nullable Chunk last;
        int size;

        void append(Chunk c) {
            c.list = this;
            c.prev = last;
            c.next = null;
            if (last != null) {
                last.next = c;
            } else {
                first = c;
            }
            last = c;
            size++;
        }

        void unlink(Chunk c) {
            Chunk p = c.prev;
            Chunk n = c.next;
            if (p != null) {
                p.next = n;
            } else {
                first = n;
            }
            if (n != null) {
                n.prev = p;
            } else {
                last = p;
            }
            c.prev = null;   // a retired chunk, reachable from an old handle, keeps nothing else alive
            c.next = null;
            c.list = null;
            size--;
        }
    }
}
