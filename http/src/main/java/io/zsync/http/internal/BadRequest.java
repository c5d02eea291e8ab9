package io.zsync.http.internal;

/**
 * A request the server refuses before any handler sees it: answered with {@link #status()} and the message, and the
 * connection then closed (the framing of what follows cannot be trusted). Parsers throw only this.
 */
public final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequest(int status, String message) {
        super(message, null, false, false);   // thrown for every malformed request: no stack trace to fill
        this.status = status;
    }

    static BadRequest of(String message) {
        return new BadRequest(400, message);
    }

    /** The status to answer with. */
    public int status() {
        return status;
    }
}
