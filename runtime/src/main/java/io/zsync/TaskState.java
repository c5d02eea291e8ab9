package io.zsync;

/**
 * The state of a {@link Task}, as reported by {@link Task#state()} and {@link Outcome#state()}.
 *
 * @since 0.1
 */
public enum TaskState {
    /** Not finished: not started yet, running, or cancelled but still unwinding. */
    PENDING,
    /** Finished: the body returned a value (possibly {@code null}). */
    SUCCEEDED,
    /** Finished: the body threw. */
    FAILED,
    /** Finished: the task was cancelled before it could complete. */
    CANCELLED
}
