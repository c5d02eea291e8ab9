package io.zsync.http;

/**
 * Answers a request: plain blocking code, called on the connection's own virtual thread (a zsync task). It may read
 * the body, call other services, spawn child tasks (cancelled when the exchange ends) and wait; a failure becomes a
 * response: {@link HttpException} its status, anything else a 500 reported to the runtime's uncaught handler.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Answers {@code request}.
     *
     * @param request the request
     * @return the response
     * @throws Exception anything; see the class documentation for what the client then gets
     */
    Response handle(Request request) throws Exception;
}
