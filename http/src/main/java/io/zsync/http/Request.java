package io.zsync.http;

import io.zsync.channel.Channel;
import io.zsync.http.internal.RequestImpl;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request, as its handler sees it: used on the connection's thread during the exchange (the handler's own
 * thread, or child tasks it waits for).
 *
 * <p>The body is read only when the handler reads it ({@link #body()}, {@link #bodyBytes()}): until then it stays in
 * the socket, so a slow handler holds back a fast client (TCP's flow control is the backpressure). A client that
 * sent {@code Expect: 100-continue} is told to send the body when the handler first reads it. A body the handler
 * does not read is skipped after the response, or the connection closed if it is large.
 */
public sealed interface Request permits RequestImpl {
    /**
     * The method, as sent: {@code GET}, {@code POST} …
     *
     * @return the method
     */
    String method();

    /**
     * The request target as sent: {@code /users/7?full=1}, or an absolute URI.
     *
     * @return the target
     */
    String target();

    /**
     * The path of the target, still percent-encoded, without the query: {@code /users/7}.
     *
     * @return the path
     */
    String path();

    /**
     * The protocol version of the request: {@code HTTP/1.1} or {@code HTTP/1.0}.
     *
     * @return the version
     */
    String version();

    /**
     * The value of the route's {@code {name}} segment, percent-decoded (UTF-8).
     *
     * @param name the name in the route's pattern
     * @return the value
     * @throws IllegalArgumentException if the route has no such parameter
     */
    String pathParam(String name);

    /**
     * The first value of query parameter {@code name}, decoded ({@code +} is a space), or null if absent.
     *
     * @param name the parameter's name
     * @return its first value, or null
     */
    @Nullable String query(String name);

    /**
     * Every query parameter, decoded, in the order sent.
     *
     * @return the parameters' names and values
     */
    Map<String, List<String>> queryParams();

    /**
     * The first value of header {@code name} (case-insensitive), or null if absent.
     *
     * @param name the header's name
     * @return its first value, or null
     */
    @Nullable String header(String name);

    /**
     * Every value of header {@code name} (case-insensitive), one per field line, in the order sent.
     *
     * @param name the header's name
     * @return the values; empty if absent
     */
    List<String> headers(String name);

    /**
     * The names of the request's headers, as sent, in order (a name sent twice appears twice).
     *
     * @return the names
     */
    List<String> headerNames();

    /**
     * The address of the client.
     *
     * @return the remote address
     */
    InetSocketAddress remoteAddress();

    /**
     * The body, read from the socket as this stream is read: never more than the server's body limit
     * ({@code maxBodyBytes}), past which reading throws an {@link IOException} and the client gets 413. Empty if
     * the request has no body.
     *
     * @return the body's bytes
     */
    InputStream body();

    /**
     * The body as a stream of buffers: a zsync {@link Channel}, so a Reactive Streams and a {@code Flow} Publisher
     * ({@code Flux.from(request.bodyPublisher())}), or a channel to receive from. A task of the exchange reads the
     * socket as the channel's subscribers and receivers take buffers (it holds at most two ahead), so their demand
     * drives the socket reads. The channel closes at the body's end, or with the failure ({@link IOException}, or
     * {@link HttpException} 413 over the limit). Consume it before the handler returns: what is left then is
     * dropped, and the connection closed. Call it at most once, and not together with {@link #body()}.
     *
     * @return the body's buffers, each of its own (never reused)
     * @throws IllegalStateException if called a second time
     */
    Channel<ByteBuffer> bodyPublisher();

    /**
     * The whole body, read now.
     *
     * @return the body's bytes
     * @throws IOException if the client stops sending, or sends a malformed chunked body
     * @throws HttpException 413 if the body is larger than the server's body limit
     */
    byte[] bodyBytes() throws IOException;

    /**
     * The whole body, read now and decoded as UTF-8.
     *
     * @return the body as text
     * @throws IOException as {@link #bodyBytes()}
     * @throws HttpException 413 as {@link #bodyBytes()}
     */
    String bodyString() throws IOException;
}
