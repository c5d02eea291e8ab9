package io.zsync.channel;

import java.util.Objects;

/**
 * What one channel looked like at one moment: an element of {@link io.zsync.ZsyncRuntime#channels()}, for monitors
 * and diagnostics. A value, not a handle: it keeps no reference to the channel and cannot send, receive or close.
 *
 * <p><b>Racy:</b> each component is read on its own while the channel runs, without stopping senders or receivers,
 * so the components need not fit together exactly (a {@code size} read just before an element arrived, a
 * {@code sent} read just after). What holds in every snapshot: {@code received <= sent} where both are known, and a
 * later snapshot of the same channel never shows smaller {@code sent} or {@code received}. Rates come from two
 * snapshots: {@code (later.sent() - earlier.sent()) / seconds between them}, matched by {@link #id()}.
 *
 * <p>A later observability layer may add components (waiting senders and receivers, an upstream's demand); code that
 * deconstructs this record by position should expect that.
 *
 * @param id the channel's number, unique within its runtime and the same in every snapshot of that channel; given
 *     when the channel is first snapshotted, so numbers follow the order of the first {@code channels()} call that
 *     saw each channel, not the order of creation
 * @param name the name given at creation ({@link io.zsync.Zsync#bounded(String, int)} and its siblings), else
 *     {@code "channel-<id>"}
 * @param kind bounded, unbounded or rendezvous
 * @param capacity as {@link Channel#capacity()}: 0 for a rendezvous channel, {@link Integer#MAX_VALUE} for an
 *     unbounded one
 * @param size as {@link Channel#size()}: the elements buffered (for a rendezvous channel: handed over and not yet
 *     taken, usually 0)
 * @param sent the elements the channel has accepted since it was created (by sends and from its upstream), or
 *     {@link #UNKNOWN} for a rendezvous channel, which counts nothing (see {@link Kind#RENDEZVOUS})
 * @param received the elements taken from it since it was created (by receives, selects and subscriptions), or
 *     {@link #UNKNOWN} for a rendezvous channel
 * @param closed as {@link Channel#isClosed()}: closed, by a close or by its upstream's end; buffered elements may
 *     remain
 * @since 0.1
 */
public record ChannelSnapshot(long id, String name, Kind kind, int capacity, int size, long sent, long received,
                              boolean closed) {

    /** The value of {@link #sent()} and {@link #received()} for a channel that does not count them. */
    public static final long UNKNOWN = -1L;

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code name} or {@code kind} is null
     */
    public ChannelSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** Which of the three kinds of channel it is. */
    public enum Kind {
        /**
         * A channel of capacity 1 or more ({@link io.zsync.Zsync#bounded(int)}). Its counts come for free from its
         * buffer's positions, which count every element that entered or left it.
         */
        BOUNDED,
        /**
         * A channel without a limit ({@link io.zsync.Zsync#unbounded()}). Its counts are the buffer's count of
         * elements added and taken, which it keeps to know its size.
         */
        UNBOUNDED,
        /**
         * A channel of capacity 0 ({@link io.zsync.Zsync#rendezvous()}). It has no buffer and keeps no count of its
         * hand-offs (a counter would cost every hand-off), so its {@code sent} and {@code received} are
         * {@link ChannelSnapshot#UNKNOWN}.
         */
        RENDEZVOUS
    }
}
