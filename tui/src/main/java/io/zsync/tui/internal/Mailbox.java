package io.zsync.tui.internal;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The loop's mailbox: a bounded FIFO for {@code post} (a zsync channel: senders wait while it is full) and a keyed
 * table for {@code offerLatest} (a message replaces the pending one with the same key, keeping its place), with one
 * consumer, the UI task, which takes from the two in turn so that neither starves the other.
 */
public final class Mailbox {
    /*
     * Implementation notes.
     *
     * Roles: any number of producers (post, tryPost, offerLatest) on any thread; one consumer (poll, and the
     * select in the loop that waits on posts() and bell()); close() by the consumer when the loop ends.
     * Nothing here waits but post() on a full channel (a channel wait: a virtual thread unmounts).
     * Posts: a bounded zsync channel, so its send/trySend/recv and their select are the channel's (linearizable,
     * lost 0, duplicated 0: ChannelLincheckTest, ChannelStressTest).
     * Keyed: a ConcurrentHashMap of the pending message per key, and a queue of the pending keys, oldest first.
     * offerLatest is a replace (a present key: its message replaced, counted, its place kept), else a compute on the
     * map; both atomic per key (the bin's lock, held for a few instructions, never across a wait). A key absent
     * from the map joins `order` inside the compute, which also replaces if the key came back meanwhile. The
     * replace first spares the compute's lambda and array on every update of a flood. The consumer polls a key from `order` and removes its message from the map,
     * also atomic per key, so it takes the latest message; a key is in `order` exactly while it has a message in
     * the map (both change together under the key's lock), so it is never in it twice and never stranded.
     * Linearization points: offerLatest = its compute; the keyed take = the remove. A producer that adds a new key
     * then rings `bell` (a channel of one token, trySend: a full bell is already rung). The consumer drains
     * whenever it wakes, so a token can only be early (a wake that finds nothing), never missing: the key is in
     * `order` before the ring, and the consumer reads `order` after taking a token.
     * (A ReentrantLock around an insertion-ordered map was the first version: under a flood of offerLatest on
     * one key, the producer re-took the lock before the parked consumer woke, and the loop took about 100 keyed
     * messages a second: EventLoopTest's flood.)
     * Turns: after a post, poll() tries the keyed messages first; after a keyed message, posts first
     * (`keyedFirst`, consumer-only), so neither a key refilled as fast as the loop takes it nor a full post queue
     * starves the other.
     * Relaxation: poll() as a whole is not atomic (two takes, each linearizable): a post that completes while a
     * poll looks at the keyed messages after finding no post is taken by the next poll, not this one
     * (MailboxLincheckTest found this when poll was one operation of its model; it now checks the two takes).
     * Nothing is lost or duplicated, and each source stays in order. An offerLatest racing with close() may
     * return true for a message the ended loop never takes.
     * Bounded memory: posts hold at most `capacity`; the table at most one message per distinct key pending.
     * Maintenance: run MailboxLincheckTest and MailboxStressTest after a change.
     */

    private static final Object TOKEN = new Object();

    private final int capacity;
    private final Channel<Object> posts;                            // bounded(capacity); closed by close()
    private final Channel<Object> bell = Zsync.bounded("tui bell", 1);   // rung when the table gains a key
    private final ConcurrentHashMap<Object, Object> keyed = new ConcurrentHashMap<>();   // key → pending message
    private final ConcurrentLinkedQueue<Object> order = new ConcurrentLinkedQueue<>();  // pending keys, oldest first
    private final LongAdder replaced = new LongAdder();
    private volatile boolean closed;                                // false → true once, by close()
    private boolean keyedFirst;                                     // consumer only
    private int highWater;                                          // consumer only: most posts seen waiting

    /** A mailbox whose posts hold at most {@code capacity} messages. */
    public Mailbox(int capacity) {
        this.capacity = capacity;
        this.posts = Zsync.bounded("tui mailbox", capacity);
    }

    /** Queues {@code message}, waiting while full; false once closed. */
    public boolean post(Object message) {
        Objects.requireNonNull(message, "message");
        try {
            posts.send(message);
            return true;
        } catch (ChannelClosedException closed) {
            return false;
        }
    }

    /** Queues {@code message} if there is room now. */
    public boolean tryPost(Object message) {
        Objects.requireNonNull(message, "message");
        return posts.trySend(message);
    }

    /** Queues {@code message}, replacing the pending one with the same key; false once closed. */
    public boolean offerLatest(Object key, Object message) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        if (closed) {
            return false;
        }
        if (keyed.replace(key, message) != null) {   // the common case under a flood: the key is pending already
            replaced.increment();
            return true;
        }
        boolean[] added = {false};
        keyed.compute(key, (k, previous) -> {   // atomic per key: the key joins `order` once per pending message
            if (previous == null) {
                order.add(k);
                added[0] = true;
            } else {
                replaced.increment();
            }
            return message;
        });
        if (added[0]) {
            bell.trySend(TOKEN);   // after the key is in order: a consumer woken by it finds the message
        }
        return true;
    }

    /** The next message, or null if none is waiting now. Consumer only. */
    public @Nullable Object poll() {
        Object m;
        if (keyedFirst) {
            m = pollKeyed();
            if (m != null) {
                keyedFirst = false;
                return m;
            }
            return pollPost();   // keyed stays first
        }
        m = pollPost();
        if (m != null) {
            keyedFirst = true;
            return m;
        }
        return pollKeyed();   // posts stay first
    }

    @Nullable Object pollPost() {
        int waiting = posts.size();
        if (waiting > highWater) {
            highWater = waiting;
        }
        return posts.tryRecv();
    }

    @Nullable Object pollKeyed() {
        Object key = order.poll();
        return key == null ? null : keyed.remove(key);   // the latest message for it, taken atomically per key
    }

    /** How many keys have a message pending now (a racy count). */
    int keyedPending() {
        return keyed.size();
    }

    /** The channel of posts: the loop's select waits on it (and takes a message from it). */
    public Channel<Object> posts() {
        return posts;
    }

    /** Rung when a key is added: the loop's select waits on it, then polls. */
    public Channel<Object> bell() {
        return bell;
    }

    /** Notes that the consumer saw {@code waiting} posts at once (a message taken by the select). */
    void sawPosts(int waiting) {
        if (waiting > highWater) {
            highWater = waiting;
        }
    }

    /** The capacity of posts. */
    public int capacity() {
        return capacity;
    }

    /** The most posts the consumer found waiting at once. Consumer only. */
    public int highWater() {
        return highWater;
    }

    /** How many keyed messages were replaced before being taken. */
    public long replaced() {
        return replaced.sum();
    }

    /** Refuses further messages; waiting posts return false. Idempotent. */
    public void close() {
        closed = true;
        posts.close();
        bell.close();
    }
}
