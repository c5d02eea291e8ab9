package io.zsync.internal.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The buffer of an unbounded channel: a {@link ConcurrentLinkedQueue}, which receivers take from without a lock,
 * and a lock that only senders and close take, so that no element enters once close returned. Senders and receivers
 * never meet on the lock (as in {@code LinkedBlockingQueue}'s two-lock design, with a lock-free take side). Never
 * full, never gated: an unbounded channel's upstream demand is a batch size, not a reservation of room.
 *
 * <p>Maintenance: run ChannelLincheckTest (unbounded) and ChannelStressTest after a change.
 */
final class LinkedBuffer extends Buffer {
    /*
     * Counts: `added` and `taken` replace the single atomic size this class kept before (one getAndIncrement per
     * offer, one getAndDecrement per poll): an offer now writes `added` under the put lock it holds anyway (a plain
     * increment with release, no read-modify-write), a poll increments `taken`, so the size (added - taken) costs
     * what it cost, and the cumulative counts of ChannelSnapshot come with it. `added` is written before the element
     * enters the queue, and a poll increments `taken` after it took one: so every taken element was counted as added
     * first, and taken() then added() never reads more taken than added.
     */

    private static final VarHandle ADDED;
    private static final VarHandle TAKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ADDED = lookup.findVarHandle(LinkedBuffer.class, "added", long.class);
            TAKEN = lookup.findVarHandle(LinkedBuffer.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock putLock = new ReentrantLock();   // held by senders to add, and by close
    private volatile long added;                                   // elements added ever; setRelease under putLock
    private volatile long taken;                                   // elements taken ever; getAndAdd via TAKEN
    private volatile boolean closed;                               // written once, under putLock

    @Override
    int offer(Object element, boolean gated) {
        putLock.lock();
        try {
            if (closed) {
                return CLOSED;
            }
            ADDED.setRelease(this, added + 1);   // before the element can be taken: taken never passes added
            queue.offer(element);   // a CAS: the volatile write of Buffer's ordering contract
        } finally {
            putLock.unlock();
        }
        return OK;
    }

    @Override
    @Nullable Object poll() {
        Object e = queue.poll();
        if (e != null) {
            TAKEN.getAndAdd(this, 1L);
        }
        return e;
    }

    @Override
    boolean isEmpty() {
        return queue.isEmpty();   // volatile reads of the queue's links
    }

    @Override
    boolean isFull() {
        return false;
    }

    @Override
    boolean isClosed() {
        return closed;
    }

    @Override
    int size() {
        long t = taken;
        return (int) Math.min(Integer.MAX_VALUE, added - t);   // counts an element on its way in, or being taken
    }

    @Override
    long added() {
        return added;
    }

    @Override
    long taken() {
        return taken;
    }

    @Override
    boolean close() {
        putLock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        } finally {
            putLock.unlock();
        }
    }

    @Override
    void gate() {
        // never gated
    }
}
