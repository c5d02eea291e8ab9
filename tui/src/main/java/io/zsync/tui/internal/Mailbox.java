package io.zsync.tui.internal;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
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
     * Posts: a bounded zsync channel, so its send/trySend/recv and their select are the channel's (linearizable,
     * lost 0, duplicated 0: ChannelLincheckTest, ChannelStressTest).
     * Keyed: an insertion-ordered map under `lock`, held for a put or a removal only, never across a wait, so a
     * virtual thread never parks holding it. Linearization points: offerLatest = its put under the lock; poll's
     * keyed take = its removal under the lock. A producer that adds a new key then rings `bell` (a channel of one
     * token, trySend: a full bell is already rung), after unlocking. The consumer drains the table whenever it
     * wakes, so a token can only be early (a wake that finds nothing), never missing: the put precedes the ring,
     * and the consumer reads the table after taking a token.
     * Turns: poll() tries keyed then posts, or posts then keyed, swapping after each message taken (`keyedFirst`,
     * consumer-only), so a producer that refills one key as fast as the loop takes it cannot starve posts.
     * Relaxation: poll() as a whole is not atomic (two takes, each linearizable): a post that completes while a
     * poll looks at the keyed table after finding no post is taken by the next poll, not this one (MailboxLincheckTest
     * found this when poll was one operation of its model; it now checks the two takes). Nothing is lost or
     * duplicated, and each source stays in order.
     * Bounded memory: posts hold at most `capacity`; the table at most one message per distinct key pending.
     * Maintenance: run MailboxLincheckTest and MailboxStressTest after a change.
     */

    private static final Object TOKEN = new Object();

    private final int capacity;
    private final Channel<Object> posts;                            // bounded(capacity); closed by close()
    private final Channel<Object> bell = Zsync.bounded(1);          // rung when the table gains a key
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Object, Object> keyed = new LinkedHashMap<>();   // guarded by lock
    private long replaced;                                          // guarded by lock
    private boolean closed;                                         // guarded by lock; false → true once
    private boolean keyedFirst;                                     // consumer only
    private int highWater;                                          // consumer only: most posts seen waiting

    /** A mailbox whose posts hold at most {@code capacity} messages. */
    public Mailbox(int capacity) {
        this.capacity = capacity;
        this.posts = Zsync.bounded(capacity);
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
        boolean added;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            Object previous = keyed.put(key, message);   // a replaced key keeps its place in the order
            added = previous == null;
            if (!added) {
                replaced++;
            }
        } finally {
            lock.unlock();
        }
        if (added) {
            bell.trySend(TOKEN);   // after the put: a consumer woken by it finds the message
        }
        return true;
    }

    /** The next message, or null if none is waiting now. Consumer only. */
    public @Nullable Object poll() {
        Object m;
        if (keyedFirst) {
            m = pollKeyed();
            if (m == null) {
                m = pollPost();
            }
        } else {
            m = pollPost();
            if (m == null) {
                m = pollKeyed();
            }
        }
        if (m != null) {
            keyedFirst = !keyedFirst;
        }
        return m;
    }

    @Nullable Object pollPost() {
        int waiting = posts.size();
        if (waiting > highWater) {
            highWater = waiting;
        }
        return posts.tryRecv();
    }

    @Nullable Object pollKeyed() {
        lock.lock();
        try {
            if (keyed.isEmpty()) {
                return null;
            }
            Iterator<Map.Entry<Object, Object>> first = keyed.entrySet().iterator();
            Object m = first.next().getValue();
            first.remove();
            return m;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            return replaced;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further messages; waiting posts return false. Idempotent. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            keyed.clear();
        } finally {
            lock.unlock();
        }
        posts.close();
        bell.close();
    }
}
