/**
 * Streams over Publishers: {@link io.zsync.streams.Streams} makes sources and combines them,
 * {@link io.zsync.streams.Pipeline} chains operators and ends in a blocking {@link io.zsync.streams.AsyncIterator},
 * an {@code Iterable} or a {@code java.util.stream.Stream}.
 *
 * <p>Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.zsync.streams;

import org.jspecify.annotations.NullMarked;
