package io.zsync.jsonrpc;

/**
 * Registering handlers by method name: shared by the builders of {@link JsonRpcServer}, {@link
 * io.zsync.jsonrpc.lsp.LanguageServer} and {@link io.zsync.jsonrpc.mcp.McpServer}.
 *
 * <p>Ordering: each message has a lane, the value at the server's lane key in its params ({@code
 * /textDocument/uri} unless set), else the one global lane. Notifications (and exclusive requests) on a lane run one
 * at a time in arrival order. A request starts once every earlier notification on its lane has been applied, and
 * runs concurrently with other requests (up to the server's limit); later notifications on its lane wait until it
 * returns or {@linkplain Context#releaseLane() releases the lane}, so it sees its document as it was when it was sent.
 *
 * @param <B> the builder's own type
 */
public interface Handlers<B extends Handlers<B>> {
    /**
     * Registers a request handler.
     *
     * @param method the method, for example {@code "textDocument/hover"}
     * @param paramsType the params' record type ({@link RawJson} for the text, {@code Void.class} for none)
     * @param handler the handler
     * @param <P> the params' type
     * @return this builder
     * @throws IllegalArgumentException if {@code method} already has a handler
     */
    <P> B request(String method, Class<P> paramsType, RequestHandler<? super P, ?> handler);

    /**
     * Registers a request handler that runs alone on its lane: after everything before it on the lane has ended,
     * and before anything after it starts (formatting, rename).
     *
     * @param method the method
     * @param paramsType the params' type
     * @param handler the handler
     * @param <P> the params' type
     * @return this builder
     */
    <P> B exclusiveRequest(String method, Class<P> paramsType, RequestHandler<? super P, ?> handler);

    /**
     * Registers a notification handler.
     *
     * @param method the method, for example {@code "textDocument/didChange"}
     * @param paramsType the params' type
     * @param handler the handler
     * @param <P> the params' type
     * @return this builder
     */
    <P> B notification(String method, Class<P> paramsType, NotificationHandler<? super P> handler);
}
