package io.zsync.jsonrpc;

/**
 * The error codes of JSON-RPC 2.0 and the Language Server Protocol, for {@link JsonRpcException}.
 */
public final class ErrorCodes {
    private ErrorCodes() {
    }

    /** The message is not JSON (its id is unknown: the error's id is null). */
    public static final int PARSE_ERROR = -32700;
    /** The JSON is not a valid request object (a missing or wrong "jsonrpc", an id of the wrong type, ...). */
    public static final int INVALID_REQUEST = -32600;
    /** No handler is registered for the request's method. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** The params do not fit the handler's record type; the message names the field's path. */
    public static final int INVALID_PARAMS = -32602;
    /** The handler failed with an exception that is not a {@link JsonRpcException}. */
    public static final int INTERNAL_ERROR = -32603;
    /** LSP: a request arrived before {@code initialize}. */
    public static final int SERVER_NOT_INITIALIZED = -32002;
    /** LSP: the request was cancelled ({@code $/cancelRequest}) before its result was sent. */
    public static final int REQUEST_CANCELLED = -32800;
    /** LSP: the document changed under the request, which gave up (see {@code cancelOnChange}). */
    public static final int CONTENT_MODIFIED = -32801;
}
