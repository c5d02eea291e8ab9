package io.zsync.streams;

import java.util.Iterator;

/**
 * An iterator over the elements of a Publisher, consumed by a blocking loop, typically in a task on a virtual
 * thread: {@code hasNext()} waits for the next element (spinning briefly, then parking). Obtained from
 * {@link Pipeline#iterator()} or {@link Pipeline#iterator(int)}; always close it, best
 * with try-with-resources, so that leaving the loop early cancels the upstream:
 *
 * {@snippet :
 * try (AsyncIterator<String> lines = Streams.from(publisher).iterator()) {
 *     while (lines.hasNext()) {
 *         String line = lines.next();
 *         if (line.isEmpty()) {
 *             break;                      // close() cancels the upstream
 *         }
 *         System.out.println(line);
 *     }
 * }
 * }
 *
 * <h2>Backpressure</h2>
 * The iterator buffers at most {@code prefetch} elements: it requests {@code prefetch} when it subscribes, then,
 * each time three quarters of that have been consumed, that many again.
 *
 * <h2>Blocking and cancellation</h2>
 * {@link #hasNext()} and {@link #next()} wait while the buffer is empty. If the calling thread is interrupted (its
 * task cancelled) while it waits, or is found interrupted when the iterator replenishes, the upstream is cancelled
 * and {@link io.zsync.TaskCancelledException} is thrown with the interrupt flag still set.
 *
 * <h2>Errors</h2>
 * An upstream error is thrown, once the elements before it have been consumed, as a {@link StreamFailedException}
 * whose cause is the upstream's error; a publisher that emits more than was requested (§1.1) is cancelled and
 * reported the same way, with an {@link IllegalStateException} cause.
 *
 * <p>Not thread-safe: one consuming thread at a time. {@link #close()} may be called from any thread.
 * <p>Memory consistency effects: actions of the publisher before it signals an element happen-before the
 * {@link #next()} that returns it.
 *
 * @param <T> the element type
 * @since 0.1
 */
public interface AsyncIterator<T> extends Iterator<T>, AutoCloseable {

    /**
     * Returns whether another element is there, waiting for it or for the end of the stream.
     *
     * @return {@code true} if {@link #next()} returns an element without waiting; {@code false} at the end of the
     *     stream or after {@link #close()}
     * @throws StreamFailedException if the upstream failed; the cause is its error
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while waiting
     */
    @Override
    boolean hasNext();

    /**
     * Returns the next element, waiting for it if needed.
     *
     * @return the next element, never null
     * @throws java.util.NoSuchElementException at the end of the stream or after {@link #close()}
     * @throws StreamFailedException if the upstream failed; the cause is its error
     * @throws io.zsync.TaskCancelledException if the calling thread was interrupted while waiting
     */
    @Override
    T next();

    /**
     * Cancels the upstream and drops the buffered elements; {@link #hasNext()} then returns {@code false}.
     * Idempotent, callable from any thread, never throws.
     */
    @Override
    void close();
}
