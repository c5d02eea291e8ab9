package io.zsync.internal.channel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
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
    private static final AtomicIntegerFieldUpdater<LinkedBuffer> SIZE =
            AtomicIntegerFieldUpdater.newUpdater(LinkedBuffer.class, "size");

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock putLock = new ReentrantLock();   // held by senders to add, and by close
    private volatile int size;                                     // elements added and not yet taken
    private volatile boolean closed;                               // written once, under putLock

    @Override
    int offer(Object element, boolean gated) {
        putLock.lock();
        try {
            if (closed) {
                return CLOSED;
            }
            queue.offer(element);   // a CAS: the volatile write of Buffer's ordering contract
            SIZE.getAndIncrement(this);
        } finally {
            putLock.unlock();
        }
        return OK;
    }

    @Override
    @Nullable Object poll() {
        Object e = queue.poll();
        if (e != null) {
            SIZE.getAndDecrement(this);
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
        return Math.max(0, size);   // an element is counted just after it is added and uncounted after it is taken
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
