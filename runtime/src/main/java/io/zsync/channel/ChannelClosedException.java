package io.zsync.channel;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a channel's waiting calls when the channel is closed: by {@code send} as soon as it is closed, by
 * {@code recv} once it is closed and drained. {@link #getCause()} is the cause given to
 * {@link Channel#close(Throwable)} (or the upstream's {@code onError}), or {@code null} after a plain
 * {@link Channel#close()}.
 *
 * @since 0.1
 */
public final class ChannelClosedException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted on the closed channel
     * @param cause why the channel was closed, or null if it was closed normally
     */
    public ChannelClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
