package io.zsync.jsonrpc;

/**
 * Applies a notification. Notifications on one lane (one document) are applied one at a time in the order they
 * arrived.
 *
 * @param <P> the params' type (see {@link RequestHandler})
 */
@FunctionalInterface
public interface NotificationHandler<P> {
    /**
     * Applies it. A failure cannot be answered: it goes to the runtime's uncaught handler.
     *
     * @param context the notification's context
     * @param params the params
     * @throws Exception reported to the runtime's uncaught handler
     */
    void handle(Context context, P params) throws Exception;
}
