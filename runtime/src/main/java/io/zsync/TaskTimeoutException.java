package io.zsync;

import java.io.Serial;

/**
 * Thrown when a wait with a time limit, such as {@link Task#await(java.time.Duration)}, ran out of time. Nothing else
 * happened: the awaited task keeps running.
 *
 * @since 0.1
 */
public final class TaskTimeoutException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out and after how long
     */
    public TaskTimeoutException(String message) {
        super(message);
    }
}
