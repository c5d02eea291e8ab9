package io.zsync.internal.channel;

import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The buffer of an unbounded channel: an {@link ArrayDeque} under the deque's own monitor, held only for the deque
 * operation itself (nothing inside parks, so a virtual thread holding it never waits). Never full, never gated: an
 * unbounded channel's upstream demand is a batch size, not a reservation of room.
 */
final class LinkedBuffer extends Buffer {
    private final ArrayDeque<Object> deque = new ArrayDeque<>();   // guarded by its own monitor
    private volatile int size;                                     // deque.size(), written under the monitor
    private volatile boolean closed;                               // written once, under the monitor

    @Override
    int offer(Object element, boolean gated) {
        synchronized (deque) {
            if (closed) {
                return CLOSED;
            }
            deque.add(element);
            size = deque.size();   // volatile write: see Buffer's ordering contract
        }
        return OK;
    }

    @Override
    @Nullable Object poll() {
        if (size == 0) {
            return null;
        }
        synchronized (deque) {
            Object e = deque.poll();
            size = deque.size();
            return e;
        }
    }

    @Override
    boolean isEmpty() {
        return size == 0;
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
        return size;
    }

    @Override
    boolean close() {
        synchronized (deque) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    @Override
    void gate() {
        // never gated
    }
}
