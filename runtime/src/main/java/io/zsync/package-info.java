/**
 * Entry points ({@link io.zsync.Zsync}), the runtime ({@link io.zsync.ZsyncRuntime}, {@link io.zsync.Config}) and
 * tasks ({@link io.zsync.Task}, {@link io.zsync.TaskExecutor}).
 *
 * <p>Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.zsync;

import org.jspecify.annotations.NullMarked;
