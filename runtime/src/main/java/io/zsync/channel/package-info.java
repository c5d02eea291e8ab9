/**
 * Channels: {@link io.zsync.channel.Channel}, made by {@link io.zsync.Zsync#bounded(int)} and
 * {@link io.zsync.Zsync#unbounded()}.
 *
 * <p>Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.zsync.channel;

import org.jspecify.annotations.NullMarked;
