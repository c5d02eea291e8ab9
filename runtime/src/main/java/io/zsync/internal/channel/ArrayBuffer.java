package io.zsync.internal.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The buffer of a bounded channel: a lock-free multi-producer, multi-consumer ring of stamped slots, after Dmitry
 * Vyukov's bounded MPMC queue as crossbeam-channel's array flavour lays it out, with two flag bits in the tail: one
 * for close, one for the gate.
 */
final class ArrayBuffer extends Buffer {
    /*
     * Implementation notes.
     *
     * Positions. `head` and `tail` are positions: lap * oneLap + index, index in [0, capacity). Two bits between the
     * index and the lap belong to `tail` only: CLOSED (markBit) and GATED (markBit << 1). The next position after
     * index capacity - 1 is index 0 of the next lap.
     *
     * Slots. stamps[i] says what slot i holds: stamp == position p (with index i) means free for the sender that
     * claims p; stamp == p + 1 means it holds the element sent at p, for the receiver that claims p; a receiver
     * frees it for the next lap with stamp = p + oneLap.
     *
     * Linearization points: offer = the CAS of `tail` from p to next(p) (then it writes the element and releases
     * the stamp); poll = the CAS of `head`; close = the getAndBitwiseOr setting CLOSED in `tail`, after which every
     * sender's CAS fails and sees the bit, so no element enters after close; gate likewise for unlocked senders.
     * A receiver that finds the head slot not yet written while `tail` is past it waits (spins) for that sender,
     * instead of reporting empty: isEmpty/poll's "empty" means head == tail, a volatile comparison, which is what
     * ChannelImpl's wake-up protocol needs (see Buffer). Likewise "full" means tail == head + one lap.
     *
     * Progress: not lock-free in the strict sense (a sender stopped between its CAS and its stamp store holds up the
     * receiver of that slot), as every array MPMC queue of this kind; no lock, no parking.
     *
     * `head` and `tail` live in `positions`, 128 bytes apart and away from the array header, so that senders and
     * receivers do not share a cache line (nor an adjacent-line prefetch pair).
     *
     * Counts: a position is lap * oneLap + index, so lap * capacity + index positions come before it: the tail's
     * count is every element added, the head's every element taken (added(), taken(): ChannelSnapshot's sent and
     * received), at no cost to offer and poll. oneLap <= 8 * capacity, so a position overflows after at least 2^60
     * elements: 36 years at a billion a second.
     *
     * Maintenance: run ChannelLincheckTest (through the channel, capacity 1 and 2), ChannelStressTest, ChannelTest
     * after a change.
     */

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int HEAD = 16;   // index in `positions`
    private static final int TAIL = 32;

    private final int capacity;
    private final long markBit;           // CLOSED bit of tail
    private final long gateBit;           // GATED bit of tail
    private final long oneLap;            // one lap of positions
    private final long[] positions = new long[48];   // [HEAD] and [TAIL]; CAS via LONGS
    private final long[] stamps;          // per slot: getAcquire / setRelease / plain init
    private final @Nullable Object[] elements;   // per slot: plain; published by the stamp's release

    ArrayBuffer(int capacity) {
        this.capacity = capacity;
        this.markBit = Long.highestOneBit(capacity) << 1;   // the smallest power of two > capacity
        this.gateBit = markBit << 1;
        this.oneLap = markBit << 2;
        this.stamps = new long[capacity];
        this.elements = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            stamps[i] = i;
        }
        VarHandle.releaseFence();   // the initial stamps are visible to whoever sees this buffer
    }

    private long head() {
        return (long) LONGS.getVolatile(positions, HEAD);
    }

    private long tail() {
        return (long) LONGS.getVolatile(positions, TAIL);
    }

    private long next(long position) {
        int index = (int) (position & (markBit - 1));
        return index + 1 < capacity ? position + 1 : (position & -oneLap) + oneLap;
    }

    @Override
    int offer(Object element, boolean gated) {
        long t = tail();
        for (int spins = 0; ; spins++) {
            if ((t & markBit) != 0) {
                return CLOSED;
            }
            if ((t & gateBit) != 0 && !gated) {
                return GATED;
            }
            long position = t & ~(markBit | gateBit);
            int index = (int) (position & (markBit - 1));
            long stamp = (long) LONGS.getAcquire(stamps, index);
            if (stamp == position) {
                long witness = (long) LONGS.compareAndExchange(positions, TAIL, t, next(position) | (t & gateBit));
                if (witness == t) {
                    elements[index] = element;
                    LONGS.setRelease(stamps, index, position + 1);   // release: its receiver sees `element`
                    return OK;
                }
                t = witness;   // another sender (or close, or the gate) moved the tail: look again
                Thread.onSpinWait();
                continue;
            }
            if (stamp + oneLap == position + 1 && head() + oneLap == position) {
                return FULL;   // the slot holds last lap's element, and no receiver has claimed it
            }
            // the slot is being emptied (a receiver claimed it) or the tail moved on: look again
            backOff(spins);
            t = tail();
        }
    }

    @Override
    @Nullable Object poll() {
        long h = head();
        for (int spins = 0; ; spins++) {
            int index = (int) (h & (markBit - 1));
            long stamp = (long) LONGS.getAcquire(stamps, index);
            if (stamp == h + 1) {
                long witness = (long) LONGS.compareAndExchange(positions, HEAD, h, next(h));
                if (witness == h) {
                    Object e = elements[index];
                    elements[index] = null;
                    LONGS.setRelease(stamps, index, h + oneLap);   // release: free for next lap's sender
                    return e;
                }
                h = witness;
                Thread.onSpinWait();
                continue;
            }
            if (stamp == h && (tail() & ~(markBit | gateBit)) == h) {
                return null;   // nothing sent at the head: empty
            }
            // a sender claimed the head slot and is writing it, or the head moved on: look again
            backOff(spins);
            h = head();
        }
    }

    private static void backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();   // the other party was descheduled mid-operation: let it run
        }
    }

    @Override
    boolean isEmpty() {
        long h = head();
        return (tail() & ~(markBit | gateBit)) == h;
    }

    @Override
    boolean isFull() {
        long h = head();
        return (tail() & ~(markBit | gateBit)) == h + oneLap;
    }

    @Override
    boolean isClosed() {
        return (tail() & markBit) != 0;
    }

    @Override
    int size() {
        for (;;) {
            long t = tail() & ~(markBit | gateBit);
            long h = head();
            if ((tail() & ~(markBit | gateBit)) != t) {
                continue;   // the tail moved while we read: a consistent pair is needed
            }
            int hix = (int) (h & (markBit - 1));
            int tix = (int) (t & (markBit - 1));
            if (hix < tix) {
                return tix - hix;
            } else if (hix > tix) {
                return capacity - hix + tix;
            } else {
                return t == h ? 0 : capacity;
            }
        }
    }

    /** How many positions come before {@code position} (flag bits clear): its laps' slots plus its index. */
    private long count(long position) {
        return position / oneLap * capacity + (position & (markBit - 1));
    }

    @Override
    long added() {
        return count(tail() & ~(markBit | gateBit));   // every claimed position, an element written or being written
    }

    @Override
    long taken() {
        return count(head());   // the head never passes the tail, so a tail read after this is at least as far
    }

    @Override
    boolean close() {
        long t = (long) LONGS.getAndBitwiseOr(positions, TAIL, markBit);
        return (t & markBit) == 0;
    }

    @Override
    void gate() {
        LONGS.getAndBitwiseOr(positions, TAIL, gateBit);
    }
}
