package io.zsync.streams;

/**
 * What a {@link Producer} emits its elements through. {@link #emit(Object)} waits while the subscriber has no
 * demand: the producer runs at the subscriber's pace, and nothing is buffered.
 *
 * <p>Not thread-safe: call it from the producer's own thread only.
 *
 * @param <T> the element type
 * @since 0.1
 */
public interface Emitter<T> {

    /**
     * Emits {@code item} to the subscriber, first waiting (spinning briefly, then parking) until it has requested
     * one more element.
     *
     * <p><b>Blocking and cancellation:</b> when the subscriber cancels, the producer's task is cancelled: its
     * thread is interrupted, and a waiting or later {@code emit} throws {@link io.zsync.TaskCancelledException};
     * let it propagate, so that the producer ends.
     *
     * <p><b>Elements in flight:</b> an {@code emit} that throws has not delivered its element.
     *
     * @param item the element, not null (§2.13)
     * @throws NullPointerException if {@code item} is null; the stream then fails with it unless the producer
     *     catches it
     * @throws io.zsync.TaskCancelledException if the subscriber cancelled, or the producer's task was cancelled
     */
    void emit(T item);
}
