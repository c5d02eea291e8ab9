package io.zsync.http.internal;

import io.zsync.channel.Channel;
import io.zsync.channel.ChannelResult;
import io.zsync.http.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import org.reactivestreams.Publisher;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link Response}. */
public final class ResponseImpl implements Response {
    private static final String TEXT = "text/plain; charset=utf-8";

    /** What the body is; the connection writes it. */
    sealed interface Body permits Bytes, FileBody, Input, Writer, Upgrade {
    }

    /** A body in memory (possibly empty). */
    record Bytes(byte[] bytes) implements Body {
    }

    /** A file, opened when sent. */
    record FileBody(Path path) implements Body {
    }

    /** A stream read to its end; {@code length} -1 if unknown. */
    record Input(InputStream in, long length) implements Body {
    }

    /** Written by user code when sent, chunked. */
    record Writer(Response.BodyWriter writer) implements Body {
    }

    /** 101 Switching Protocols, then the connection is the handler's. */
    record Upgrade(String protocol, Response.UpgradeHandler handler) implements Body {
    }

    private static final Bytes EMPTY = new Bytes(new byte[0]);

    private static final byte[] TEXT_LINE = line(TEXT);

    /** The last Content-Type line made, for the next response of that type (most servers send a few types). */
    private record TypeLine(String type, byte[] line) {
    }

    private static volatile TypeLine lastTypeLine = new TypeLine(TEXT, TEXT_LINE);
    private static final List<String> NO_HEADERS = List.of();

    private final int status;
    private final Body body;
    private final @Nullable String contentType;
    private byte @Nullable [] contentTypeLine;                            // "Content-Type: …\r\n", made once
    private List<String> headers = NO_HEADERS;                    // name, value, name, value … (the others)

    private ResponseImpl(int status, @Nullable String contentType, Body body) {
        if ((status < 200 || status > 599) && !(status == 101 && body instanceof Upgrade)) {
            throw new IllegalArgumentException("a response's status must be 200 to 599 but was " + status
                    + " (1xx responses are the server's: 100 Continue is sent when the handler reads the body)");
        }
        this.status = status;
        this.body = body;
        this.contentType = contentType == null || contentType == TEXT || contentType.equals(lastTypeLine.type())
                ? contentType : checkValue("Content-Type", contentType);   // (the last line's type was checked)
        this.contentTypeLine = contentType == TEXT ? TEXT_LINE : null;
    }

    private static byte[] line(String contentType) {
        return ("Content-Type: " + contentType + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The Content-Type header line, or null if none. */
    byte @Nullable [] contentTypeLine() {
        byte[] l = contentTypeLine;
        if (l == null && contentType != null) {
            TypeLine last = lastTypeLine;
            if (last.type().equals(contentType)) {
                l = last.line();
            } else {
                l = line(contentType);
                lastTypeLine = new TypeLine(contentType, l);
            }
            contentTypeLine = l;
        }
        return l;
    }

    public static ResponseImpl text(int status, String text) {
        Objects.requireNonNull(text, "text must not be null");
        return new ResponseImpl(status, TEXT, new Bytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static ResponseImpl bytes(int status, String contentType, byte[] body) {
        Objects.requireNonNull(contentType, "contentType must not be null");
        Objects.requireNonNull(body, "body must not be null");
        return new ResponseImpl(status, contentType, new Bytes(body));
    }

    public static ResponseImpl empty(int status) {
        return new ResponseImpl(status, null, EMPTY);
    }

    public static ResponseImpl file(Path file, String contentType) {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(contentType, "contentType must not be null");
        return new ResponseImpl(200, contentType, new FileBody(file));
    }

    public static ResponseImpl input(String contentType, InputStream in, long length) {
        Objects.requireNonNull(contentType, "contentType must not be null");
        Objects.requireNonNull(in, "body must not be null");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or more but was " + length);
        }
        return new ResponseImpl(200, contentType, new Input(in, length));
    }

    public static ResponseImpl writer(String contentType, Response.BodyWriter writer) {
        Objects.requireNonNull(contentType, "contentType must not be null");
        Objects.requireNonNull(writer, "writer must not be null");
        return new ResponseImpl(200, contentType, new Writer(writer));
    }

    public static ResponseImpl upgrade(String protocol, Response.UpgradeHandler handler) {
        Objects.requireNonNull(protocol, "protocol must not be null");
        Objects.requireNonNull(handler, "handler must not be null");
        if (protocol.isEmpty()) {
            throw new IllegalArgumentException("the protocol must not be empty; name it as the client's Upgrade"
                    + " header does, as websocket");
        }
        checkValue("Upgrade", protocol);
        return new ResponseImpl(101, null, new Upgrade(protocol, handler));
    }

    public static Response publisher(String contentType, Publisher<ByteBuffer> body) {
        Objects.requireNonNull(body, "body must not be null");
        return writer(contentType, out -> pump(buffers -> body.subscribe(buffers), out));
    }

    public static Response flowPublisher(String contentType, Flow.Publisher<ByteBuffer> body) {
        Objects.requireNonNull(body, "body must not be null");
        return writer(contentType, out -> pump(buffers -> body.subscribe(buffers), out));
    }

    /**
     * Subscribes a channel to the publisher and writes what it receives, flushing whenever it has nothing more at
     * hand; closing it at the end, or on a failure to write, cancels the subscription.
     */
    private static void pump(java.util.function.Consumer<Channel<ByteBuffer>> subscribe, OutputStream out)
            throws java.io.IOException {
        Channel<ByteBuffer> buffers = io.zsync.Zsync.bounded(4);   // the publisher is asked for what fits here
        subscribe.accept(buffers);
        try (buffers) {
            byte[] copy = new byte[16 * 1024];
            for (;;) {
                ChannelResult<ByteBuffer> r = buffers.tryRecv() instanceof ByteBuffer ready
                        ? ChannelResult.value(ready) : flushAndWait(buffers, out);
                if (r instanceof ChannelResult.Value<ByteBuffer> v) {
                    ByteBuffer b = v.element();
                    if (b.hasArray()) {
                        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                    } else {
                        while (b.hasRemaining()) {
                            int n = Math.min(copy.length, b.remaining());
                            b.get(copy, 0, n);
                            out.write(copy, 0, n);
                        }
                    }
                } else if (r instanceof ChannelResult.Closed<ByteBuffer> c) {
                    if (c.cause() != null) {
                        throw new IllegalStateException("the response body's publisher failed", c.cause());
                    }
                    return;
                }
            }
        }
    }

    private static ChannelResult<ByteBuffer> flushAndWait(Channel<ByteBuffer> buffers, OutputStream out)
            throws java.io.IOException {
        out.flush();   // nothing more at hand: send what was written before waiting for the publisher
        return buffers.recvCatching();
    }

    public static Response sse(Channel<String> events, Duration heartbeat) {
        Objects.requireNonNull(events, "events must not be null");
        Objects.requireNonNull(heartbeat, "heartbeat must not be null");
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive but was " + heartbeat);
        }
        return writer("text/event-stream", out -> streamEvents(events, heartbeat, out))
                .header("Cache-Control", "no-cache");
    }

    private static void streamEvents(Channel<String> events, Duration heartbeat, OutputStream out)
            throws java.io.IOException {
        out.flush();   // the headers, at once: the client knows the stream is open
        for (;;) {
            ChannelResult<String> r = events.recvCatching(heartbeat);
            if (r instanceof ChannelResult.Value<String> v) {
                StringBuilder event = new StringBuilder(v.element().length() + 8);
                for (String line : v.element().split("\r\n|\r|\n", -1)) {
                    event.append("data: ").append(line).append('\n');
                }
                event.append('\n');
                out.write(event.toString().getBytes(StandardCharsets.UTF_8));
            } else if (r instanceof ChannelResult.Closed<String> c) {
                if (c.cause() != null) {   // the producer failed: the client sees the stream end abnormally
                    throw new IllegalStateException("the event channel was closed with a failure", c.cause());
                }
                return;
            } else {
                out.write(HEARTBEAT);
            }
            out.flush();
        }
    }

    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    /** An error response the server makes (HttpException, BadRequest, 404, 405, 500). */
    static ResponseImpl error(int status, String message) {
        return new ResponseImpl(status, TEXT, new Bytes((message + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Response header(String name, String value) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(value, "value must not be null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 127 || !Head.isTchar((byte) c)) {
                throw new IllegalArgumentException("invalid character '" + c + "' in header name \"" + name
                        + "\"; names are tokens, as X-Request-Id");
            }
        }
        if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                || name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("date")) {
            throw new IllegalArgumentException(name + " is set by the server from the body and the connection; do"
                    + " not set it (for a known length, use Response.stream(type, in, length) or a byte body)");
        }
        if (headers == NO_HEADERS) {
            headers = new ArrayList<>(4);
        }
        headers.add(name);
        headers.add(checkValue(name, value));
        return this;
    }

    private static String checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("invalid character (U+" + Integer.toHexString(c)
                        + ") in the value of header " + name + "; values are visible ISO-8859-1 characters, spaces"
                        + " and tabs (no CR or LF)");
            }
        }
        return value;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        if (contentType != null && name.equalsIgnoreCase("Content-Type")) {
            values.add(contentType);
        }
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                values.add(headers.get(i + 1));
            }
        }
        return values;
    }

    Body body() {
        return body;
    }

    /** Name, value, name, value … */
    List<String> headerList() {
        return headers;
    }

    @Override
    public String toString() {
        return "Response[" + status + "]";
    }
}
