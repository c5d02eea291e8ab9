package io.zsync.http.internal;

import java.io.IOException;

/**
 * Reading a request body failed in a way the client must hear of: a malformed chunked body (400), a body over the
 * limit (413), a body that stalled (408). The connection closes after the response, since the rest of the body
 * cannot be framed.
 */
final class BodyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    BodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
