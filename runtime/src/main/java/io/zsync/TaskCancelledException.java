package io.zsync;

import java.io.Serial;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by waiting calls when the awaited task was cancelled, or when the waiting thread itself was cancelled
 * (interrupted) while it waited. In the second case the thread's interrupt flag is still set when this is thrown, so
 * that the code around it sees the cancellation too.
 *
 * <p>Unchecked, and a {@link CancellationException}, so that code running in a task can let it propagate: the task
 * then ends as {@link TaskState#CANCELLED}.
 *
 * @since 0.1
 */
public final class TaskCancelledException extends CancellationException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was cancelled and what the caller can do
     */
    public TaskCancelledException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what was cancelled and what the caller can do
     * @param cause what the cancelled task threw while it unwound, or null
     */
    public TaskCancelledException(String message, @Nullable Throwable cause) {
        super(message);
        if (cause != null) {
            initCause(cause);
        }
    }
}
