package io.zsync.streams;

import java.io.Serial;

/**
 * Thrown by a blocking consumer of a Publisher ({@link AsyncIterator}, {@link Pipeline#toStream()}) when the
 * Publisher signalled an error: the cause is that error, and this exception's stack trace shows where it was
 * consumed.
 *
 * @since 0.1
 */
public final class StreamFailedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cause the error the Publisher signalled
     */
    public StreamFailedException(Throwable cause) {
        super("the upstream publisher failed: " + cause, cause);
    }
}
