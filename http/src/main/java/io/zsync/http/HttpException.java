package io.zsync.http;

/**
 * Thrown by a handler (or by the server while it reads a request) to answer with an error status: the response has
 * this status and the message as its plain-text body. Statuses of 400 and up only.
 */
public class HttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The response status, 400 to 599. */
    private final int status;

    /**
     * An error response with {@code status} and {@code message} as its body.
     *
     * @param status 400 to 599
     * @param message what went wrong, for the client: the response body
     * @throws IllegalArgumentException if {@code status} is not 400 to 599
     */
    public HttpException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpException's status must be 400 to 599 (an error) but was "
                    + status + "; return a Response for other statuses");
        }
        this.status = status;
    }

    /**
     * The response status.
     *
     * @return 400 to 599
     */
    public int status() {
        return status;
    }
}
