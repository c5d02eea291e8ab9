package io.zsync.jsonrpc;

import org.jspecify.annotations.Nullable;

/**
 * Progress of one piece of work, reported to the client ({@code $/progress} in LSP, {@code notifications/progress}
 * in MCP). Reports replace unsent ones, so reporting often costs the client nothing. Closing ends it; closing twice
 * does nothing. See {@link Context#progress(String)}.
 */
public interface Progress extends AutoCloseable {
    /**
     * Reports a step.
     *
     * @param message what is being done now, or null
     * @param percentage 0 to 100, or -1 if unknown
     */
    void report(@Nullable String message, int percentage);

    /**
     * Reports a step without a percentage.
     *
     * @param message what is being done now
     */
    default void report(String message) {
        report(message, -1);
    }

    /**
     * Whether the client receives these reports (it sent a token, or accepted one).
     *
     * @return true if reports reach the client
     */
    boolean isReported();

    /** Ends the progress (LSP's {@code end}); later reports are ignored. */
    @Override
    void close();
}
