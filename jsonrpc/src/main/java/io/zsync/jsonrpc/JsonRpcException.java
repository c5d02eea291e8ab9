package io.zsync.jsonrpc;

import java.io.Serial;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by a handler to answer its request with a JSON-RPC error of the given code (see {@link ErrorCodes}) instead
 * of a result. Any other exception a request handler throws is answered with {@link ErrorCodes#INTERNAL_ERROR}.
 */
public class JsonRpcException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient @Nullable Object data;

    /**
     * An error with a code and a message.
     *
     * @param code the error's code, for example {@link ErrorCodes#INVALID_PARAMS}
     * @param message what went wrong, for the client's user
     */
    public JsonRpcException(int code, String message) {
        this(code, message, null);
    }

    /**
     * An error with a code, a message and a value for the error's {@code data} member.
     *
     * @param code the error's code
     * @param message what went wrong
     * @param data serialised as the error's {@code data} (a record, a map, a {@link RawJson}...), or null for none
     */
    public JsonRpcException(int code, String message, @Nullable Object data) {
        super(message);
        this.code = code;
        this.data = data;
    }

    /**
     * The error's code.
     *
     * @return the code sent to the client
     */
    public int code() {
        return code;
    }

    /**
     * The error's {@code data}.
     *
     * @return the value sent as {@code data}, or null
     */
    public @Nullable Object data() {
        return data;
    }
}
