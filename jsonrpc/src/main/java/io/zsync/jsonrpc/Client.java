package io.zsync.jsonrpc;

import io.zsync.Task;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The other end of the connection, as the server sees it: requests to it, notifications to it. Callable from any
 * handler (also while the inbound channel is full: the client's responses are taken by the reader directly, never
 * queued behind other messages), and from any task of the runtime that serves.
 */
public interface Client {
    /**
     * Sends a request; its task completes with the client's result, converted to {@code resultType}. Cancelling the
     * task sends the client a cancellation (once). The task fails with a {@link JsonRpcException} (so {@link
     * Task#await()} throws {@link io.zsync.TaskFailedException} with it as the cause) if the client answers with an
     * error, and is cancelled if the connection ends first.
     *
     * @param method the method, for example {@code "workspace/configuration"}
     * @param params the params (a record, a map, a list, a {@link RawJson}), or null for none
     * @param resultType the result's type ({@link RawJson} for the text, {@code Void.class} to ignore it)
     * @param <R> the result's type
     * @return the request's task
     */
    <R> Task<R> request(String method, @Nullable Object params, Class<R> resultType);

    /**
     * {@link #request(String, Object, Class)} with a deadline: past it, the client is told the request is cancelled,
     * and the task fails with a {@link JsonRpcException} of code {@link ErrorCodes#REQUEST_CANCELLED}.
     *
     * @param method the method
     * @param params the params, or null
     * @param resultType the result's type
     * @param timeout how long the client may take
     * @param <R> the result's type
     * @return the request's task
     */
    <R> Task<R> request(String method, @Nullable Object params, Class<R> resultType, Duration timeout);

    /**
     * Sends a notification. Waits while the writer holds its limit of unsent notifications (backpressure from a
     * client that does not read); never waits behind responses. In LSP, {@code textDocument/publishDiagnostics} for
     * a document and {@code $/progress} for a token replace an unsent one for the same document or token.
     *
     * @param method the method
     * @param params the params, or null
     */
    void notify(String method, @Nullable Object params);

    /**
     * LSP's {@code window/logMessage}: a line for the client's log.
     *
     * @param type 1 error, 2 warning, 3 info, 4 log
     * @param message the line
     */
    void logMessage(int type, String message);

    /**
     * LSP's {@code window/showMessage}: a message the client shows its user.
     *
     * @param type 1 error, 2 warning, 3 info, 4 log
     * @param message the message
     */
    void showMessage(int type, String message);

    /**
     * LSP's {@code $/logTrace}: a trace line for the client's protocol log, sent only while the client asks for
     * traces (its {@code initialize} {@code trace} or a later {@code $/setTrace}: {@code messages} or
     * {@code verbose}; the server handles {@code $/setTrace} unless you register it), so a server may call it
     * freely. {@code verbose} goes along only at {@code verbose}. Outside LSP it sends nothing.
     *
     * @param message the line
     * @param verbose more detail for the verbose level, or null
     * @return whether it was sent (queued for the client)
     */
    boolean logTrace(String message, @Nullable String verbose);
}
