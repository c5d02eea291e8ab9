/** Implementation of {@code Semaphore} and {@code Mutex}; not exported, not API. */
@NullMarked
package io.zsync.internal.sync;

import org.jspecify.annotations.NullMarked;
