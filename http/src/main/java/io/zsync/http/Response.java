package io.zsync.http;

import io.zsync.http.internal.ResponseImpl;
import io.zsync.channel.Channel;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import org.reactivestreams.Publisher;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An HTTP response: a status, headers, and a body made by one of the factories. Built by one thread (the handler's,
 * or a filter's); {@link #header} adds to it and returns it, so a filter can add headers to the response it wraps.
 *
 * <p>{@code Content-Length} is sent when the body's length is known (text, bytes, a file, a stream of given length);
 * otherwise the body is chunked (or, to an HTTP/1.0 client, ends with the connection). {@code Date} and
 * {@code Server} are added by the server. A response to {@code HEAD} carries the same headers and no body.
 */
public sealed interface Response permits ResponseImpl {
    /**
     * 200 with {@code text} as a UTF-8 {@code text/plain} body.
     *
     * @param text the body
     * @return the response
     */
    static Response ok(String text) {
        return ResponseImpl.text(200, text);
    }

    /**
     * {@code status} with {@code text} as a UTF-8 {@code text/plain} body.
     *
     * @param status 200 to 599
     * @param text the body
     * @return the response
     * @throws IllegalArgumentException if {@code status} is not 200 to 599
     */
    static Response text(int status, String text) {
        return ResponseImpl.text(status, text);
    }

    /**
     * {@code status} with {@code body} as its body, of type {@code contentType}.
     *
     * @param status 200 to 599
     * @param contentType the media type, as {@code application/json}
     * @param body the body (not copied: do not change it after)
     * @return the response
     * @throws IllegalArgumentException if {@code status} is not 200 to 599
     */
    static Response bytes(int status, String contentType, byte[] body) {
        return ResponseImpl.bytes(status, contentType, body);
    }

    /**
     * {@code status} with no body ({@code Content-Length: 0}, or none at all for 204 and 304).
     *
     * @param status 200 to 599
     * @return the response
     * @throws IllegalArgumentException if {@code status} is not 200 to 599
     */
    static Response status(int status) {
        return ResponseImpl.empty(status);
    }

    /**
     * 200 with the file at {@code file} as its body ({@code Content-Length} its size), of type
     * {@code contentType}. The file is opened when the response is sent; if it cannot be read then, the client gets
     * 404 (missing) or 500.
     *
     * @param file the file
     * @param contentType the media type
     * @return the response
     */
    static Response file(Path file, String contentType) {
        return ResponseImpl.file(file, contentType);
    }

    /**
     * 200 with what {@code body} gives as its body, read to its end and closed. {@code length} is the number of
     * bytes it gives, sent as {@code Content-Length}, or -1 if unknown (then chunked).
     *
     * @param contentType the media type
     * @param body the body's bytes
     * @param length its length, or -1
     * @return the response
     */
    static Response stream(String contentType, InputStream body, long length) {
        return ResponseImpl.input(contentType, body, length);
    }

    /**
     * 200 with a body that {@code writer} writes when the response is sent, chunked: each
     * {@link OutputStream#flush()} sends what was written so far at once (for progress, logs, events); the stream
     * blocks while the client does not read, so a slow client slows the writer down and nothing piles up in memory.
     *
     * @param contentType the media type
     * @param writer writes the body; its failure after the headers went out ends the connection and is reported
     * @return the response
     */
    static Response stream(String contentType, BodyWriter writer) {
        return ResponseImpl.writer(contentType, writer);
    }

    /**
     * 200 with the buffers {@code body} publishes as its body, chunked, each sent as it arrives: the server asks
     * for a few buffers at a time, and for more only as the client takes what was written, so a slow client slows
     * the publisher down (Reactor's {@code Flux}, RxJava's {@code Flowable}, a zsync channel or task). The body ends
     * with the publisher's completion; its error, after the headers went out, ends the connection and is reported;
     * a client that goes away cancels the subscription.
     *
     * @param contentType the media type
     * @param body the buffers
     * @return the response
     */
    static Response publisher(String contentType, Publisher<ByteBuffer> body) {
        return ResponseImpl.publisher(contentType, body);
    }

    /**
     * As {@link #publisher(String, Publisher)}, for a {@link Flow.Publisher} (the JDK's
     * {@code SubmissionPublisher}, {@code HttpClient} bodies).
     *
     * @param contentType the media type
     * @param body the buffers
     * @return the response
     */
    static Response flowPublisher(String contentType, Flow.Publisher<ByteBuffer> body) {
        return ResponseImpl.flowPublisher(contentType, body);
    }

    /**
     * 200 with a stream of server-sent events ({@code text/event-stream}): each element received from
     * {@code events} is sent as one event's data (a multi-line element as several {@code data:} lines), at once;
     * a comment line goes out every 15 seconds without events, so proxies and clients see the stream alive. The
     * headers go out at once. The stream ends when the channel is closed (and drained). A client that stops reading
     * blocks the sending, so a bounded channel fills and its senders wait: nothing piles up. A client that goes
     * away, or the server's shutdown, ends the exchange; the channel is left as it is (close it in a
     * {@code finally} of its producer, which sees its sends fail once nobody receives).
     *
     * @param events the events' data, one element per event
     * @return the response
     */
    static Response sse(Channel<String> events) {
        return ResponseImpl.sse(events, Duration.ofSeconds(15));
    }

    /**
     * As {@link #sse(Channel)}, with a comment line every {@code heartbeat} without events.
     *
     * @param events the events' data, one element per event
     * @param heartbeat the longest quiet time, positive
     * @return the response
     */
    static Response sse(Channel<String> events, Duration heartbeat) {
        return ResponseImpl.sse(events, heartbeat);
    }

    /**
     * 101 Switching Protocols to {@code protocol}, after which the connection belongs to {@code handler}: the hook
     * for protocols this server does not speak itself (WebSocket through a library of your choice, a custom
     * protocol). Answer it only to a request that asked for the protocol (an HTTP/1.1 request whose
     * {@code Upgrade} header names it; check {@code request.header("Upgrade")}); otherwise the client gets 500 and
     * the mistake is reported. The server writes the status line, {@code Connection: Upgrade},
     * {@code Upgrade: protocol}, this response's other headers (such as {@code Sec-WebSocket-Accept}) and the blank
     * line, then calls {@code handler} on the connection's task with the connection's streams: bytes the client
     * sent right after its request come first from {@code in}. No timeout of the server applies from then on; the
     * connection closes when the handler returns, and the server's shutdown cancels it at the deadline.
     *
     * @param protocol the protocol switched to, as the client named it (a token, such as {@code websocket})
     * @param handler speaks the new protocol
     * @return the response
     */
    static Response upgrade(String protocol, UpgradeHandler handler) {
        return ResponseImpl.upgrade(protocol, handler);
    }

    /**
     * Adds a header; a second call with the same name adds a second field line. {@code Content-Length},
     * {@code Transfer-Encoding}, {@code Connection} and {@code Date} are the server's: setting them is refused.
     *
     * @param name the name, a token
     * @param value the value: visible characters, spaces and tabs
     * @return this response
     * @throws IllegalArgumentException if the name or value is invalid, or the name is one of the server's
     */
    Response header(String name, String value);

    /**
     * The status.
     *
     * @return 200 to 599, or 101 for {@link #upgrade(String, UpgradeHandler)}
     */
    int status();

    /**
     * The values of header {@code name} (case-insensitive) set so far.
     *
     * @param name the name
     * @return the values; empty if none
     */
    List<String> headers(String name);

    /** Writes a response body; see {@link Response#stream(String, BodyWriter)}. */
    @FunctionalInterface
    interface BodyWriter {
        /**
         * Writes the body to {@code out}; the server ends the body when this returns (do not close {@code out}, or
         * do: it is harmless).
         *
         * @param out the body
         * @throws Exception anything; the connection then ends (the status went out already) and it is reported
         */
        void write(OutputStream out) throws Exception;
    }

    /** Speaks the protocol a connection switched to; see {@link Response#upgrade(String, UpgradeHandler)}. */
    @FunctionalInterface
    interface UpgradeHandler {
        /**
         * Runs the switched connection until it is done; the server closes the connection when this returns.
         *
         * @param in what the client sends (closing it is harmless; the connection stays open until this returns)
         * @param out to the client, unbuffered: every write goes to the socket (wrap it in a
         *     {@code BufferedOutputStream} and flush, for many small writes); closing it ends the output (FIN)
         * @throws Exception anything; the connection then closes, and a failure other than the client going away
         *     or a cancellation is reported to the runtime's uncaught handler
         */
        void run(InputStream in, OutputStream out) throws Exception;
    }
}
