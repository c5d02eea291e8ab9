/**
 * The engine of {@code select}, shared by every kind of alternative (channels, tasks, semaphores, mutexes); not
 * exported, not API. Sits above {@code time} and below {@code task}, {@code channel} and {@code sync}.
 */
@NullMarked
package io.zsync.internal.select;

import org.jspecify.annotations.NullMarked;
