package io.zsync.internal.channel;

import org.jspecify.annotations.Nullable;

/**
 * Where a channel keeps its elements: a FIFO that can be closed, so that no element enters once {@link #close()}
 * returned, and (bounded only) gated, so that only the channel's locked path may add more. Elements live only here:
 * waiting senders and receivers are woken to retry, never handed an element (see {@link ChannelImpl}).
 *
 * <p>Ordering contract the channel's wake-up protocol relies on: a successful {@link #offer} and {@link #poll} end
 * with (or include) a volatile write or read-modify-write of the buffer's position, and {@link #isEmpty()},
 * {@link #isFull()} and {@link #isClosed()} are volatile reads of it; so "change the buffer, then read the waiter
 * count" on one side and "raise the waiter count, then re-check the buffer" on the other cannot both miss.
 */
abstract sealed class Buffer permits ArrayBuffer, LinkedBuffer {
    /** {@link #offer}: the element was added. */
    static final int OK = 0;
    /** {@link #offer}: no room; nothing was added. */
    static final int FULL = 1;
    /** {@link #offer}: the buffer is closed; nothing was added. */
    static final int CLOSED = 2;
    /** {@link #offer} with {@code gated} false: the buffer is gated; nothing was added (use the locked path). */
    static final int GATED = 3;

    /**
     * Adds {@code element} at the tail.
     *
     * @param gated whether the caller is the channel's locked path, which may add to a gated buffer
     * @return {@link #OK}, {@link #FULL}, {@link #CLOSED}, or {@link #GATED}
     */
    abstract int offer(Object element, boolean gated);

    /** Takes the head; null if the buffer is empty (closed or not). */
    abstract @Nullable Object poll();

    /** Whether no element is in the buffer or on its way in. */
    abstract boolean isEmpty();

    /** Whether every slot is taken or being written (never true for an unbounded buffer). */
    abstract boolean isFull();

    /** Whether {@link #close()} has taken effect. */
    abstract boolean isClosed();

    /** Elements in the buffer or on their way in; exact only while nothing changes. */
    abstract int size();

    /**
     * Elements added since creation, counting one on its way in; never decreases. Read after {@link #taken()}, it is
     * at least what that returned. For snapshots (ChannelSnapshot.sent): read from what the buffer keeps anyway.
     */
    abstract long added();

    /** Elements taken since creation; never decreases, and never exceeds an {@link #added()} read after it. */
    abstract long taken();

    /** From now on every {@link #offer} returns {@link #CLOSED}; returns false if it was closed already. */
    abstract boolean close();

    /** From now on {@link #offer} with {@code gated} false returns {@link #GATED} (unless closed). */
    abstract void gate();
}
