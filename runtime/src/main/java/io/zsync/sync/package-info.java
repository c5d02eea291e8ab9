/**
 * Coordination between tasks: {@link io.zsync.sync.Semaphore} (limit how many run something at once) and
 * {@link io.zsync.sync.Mutex} (one at a time, with an owner). Both are FIFO-fair, park virtual threads without pinning
 * their carriers, wake when the waiting task is cancelled, and read time through the runtime's clock.
 *
 * <p>Nothing here is null unless marked {@code @Nullable}.
 */
@NullMarked
package io.zsync.sync;

import org.jspecify.annotations.NullMarked;
