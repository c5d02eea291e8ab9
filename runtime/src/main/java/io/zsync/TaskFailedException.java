package io.zsync;

import java.io.Serial;

/**
 * Thrown by {@link Task#await()} when the task's body threw: {@link #getCause()} is that exception, exactly as thrown,
 * with its own stack trace and cause chain; this exception's stack trace shows where it was awaited.
 *
 * @since 0.1
 */
public final class TaskFailedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which task failed
     * @param cause what the task's body threw
     */
    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
