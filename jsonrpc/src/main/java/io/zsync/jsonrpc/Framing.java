package io.zsync.jsonrpc;

/**
 * How messages are delimited on the byte stream.
 */
public enum Framing {
    /**
     * LSP's base protocol: ASCII header lines ({@code Content-Length}, required, the body's length in UTF-8 bytes;
     * {@code Content-Type}, accepted), a blank line, the body. A frame whose length is missing, not a number or
     * negative is answered with a {@code -32700} error and skipped: the reader resynchronises at the next line that
     * begins with {@code Content-Length:}. A body over the limit is skipped without being buffered, and answered the
     * same way.
     */
    CONTENT_LENGTH,
    /**
     * MCP's stdio transport: one message per line ({@code \n}, an optional {@code \r} before it), no newline inside
     * a message; empty lines ignored. A line over the limit is skipped to its end and answered with {@code -32700}.
     */
    LINES
}
