package io.zsync.http;

import io.zsync.http.internal.Routes;
import io.zsync.http.internal.ServerImpl;
import io.zsync.http.internal.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/1.1 server on zsync: an acceptor task, and each connection a task on a virtual thread of its own that
 * parses requests, calls the handler inline and writes the responses (pipelined requests answered in order, one
 * write per burst).
 *
 * <pre>{@code
 * Zsync.run(() -> {
 *     HttpServer server = HttpServer.builder()
 *             .port(8080)
 *             .route(Method.GET, "/hello/{name}", request -> Response.ok("Hello, " + request.pathParam("name")))
 *             .start();
 *     server.serve();   // until shutdown() or close(), or the program's end
 * });
 * }</pre>
 *
 * <p>{@link Builder#start()} runs the server on the calling task's runtime (else the global one): its tasks are
 * children of the calling task, so a server started in {@code Zsync.run}'s main ends with the program. Timeouts read
 * that runtime's clock, so a test can drive them with a manual clock.
 *
 * <p>Strict by design (RFC 9110, RFC 9112): a request whose framing is ambiguous (both {@code Content-Length} and
 * {@code Transfer-Encoding}, an invalid length, obsolete line folding, bare CR or LF, a missing or duplicate
 * {@code Host} in HTTP/1.1 …) is answered with 400 (or 501, 505) and the connection closed. Every limit answers
 * with its status and a body naming the builder setting to raise.
 */
public sealed interface HttpServer extends AutoCloseable permits ServerImpl {
    /**
     * A builder with the defaults: port 8080 on every interface, the limits and timeouts of {@link Builder}.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The port the server listens on (the one chosen by the system if the builder asked for port 0).
     *
     * @return the port
     */
    int port();

    /**
     * Blocks until the server has stopped (after {@link #shutdown} or {@link #close()}, or when its runtime
     * closes), for a program whose main job is serving.
     *
     * @throws io.zsync.TaskCancelledException if the calling thread is interrupted (its task cancelled)
     */
    void serve();

    /**
     * Stops gracefully: stops accepting, closes idle connections at once, lets in-flight exchanges finish (their
     * responses say {@code Connection: close}), and at {@code grace} cancels what is left and reports it to the
     * runtime's uncaught handler. Returns once every connection has ended; at once if none was busy. Calling it
     * again waits for the first call's end.
     *
     * @param grace how long in-flight exchanges may take
     */
    void shutdown(Duration grace);

    /** Shuts down with the builder's {@link Builder#shutdownGrace(Duration)} (10 s by default). */
    @Override
    void close();

    /** Configures and starts a server. */
    final class Builder {
        private int port = 8080;
        private InetAddress address;
        private final Routes routes = new Routes();
        private final List<Filter> filters = new ArrayList<>();
        private int maxRequestLineBytes = 8 * 1024;
        private int maxHeaderBytes = 16 * 1024;
        private int maxHeaders = 100;
        private long maxBodyBytes = 16L * 1024 * 1024;
        private int maxChunkLineBytes = 1024;
        private Duration headTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration progressTimeout = Duration.ofSeconds(30);
        private int maxConnections = 10_000;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private boolean cancelOnClientClose;

        private Builder() {
            this.address = anyLocal();
        }

        private static InetAddress anyLocal() {
            try {
                return InetAddress.getByName("0.0.0.0");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * The port to listen on; 0 lets the system choose one ({@link HttpServer#port()} tells which).
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535 but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to listen on; by default every interface. {@code InetAddress.getLoopbackAddress()} serves
         * this machine only.
         *
         * @param address the local address
         * @return this builder
         */
        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address must not be null");
            return this;
        }

        /**
         * Routes {@code method} requests whose path matches {@code pattern} to {@code handler}. A pattern is
         * literal segments, {@code {name}} segments (one segment, read with {@link Request#pathParam}) and an
         * optional trailing {@code *} (the rest of the path, possibly empty): {@code /users/{id}/files/*}. When
         * several match, the one with more literal segments wins, then the first added. A GET route also serves
         * HEAD (without the body). A path no route matches gets 404; one matched for other methods only, 405 with
         * {@code Allow}.
         *
         * @param method the method
         * @param pattern the path pattern, starting with {@code /}
         * @param handler answers the requests
         * @return this builder
         * @throws IllegalArgumentException if the pattern is malformed, or the same method and pattern were added
         */
        public Builder route(Method method, String pattern, Handler handler) {
            routes.add(Objects.requireNonNull(method, "method must not be null"),
                    Objects.requireNonNull(pattern, "pattern must not be null"),
                    Objects.requireNonNull(handler, "handler must not be null"));
            return this;
        }

        /**
         * Adds a filter around every route's handler (and the 404 and 405 answers); the first added is outermost.
         *
         * @param filter the filter
         * @return this builder
         */
        public Builder filter(Filter filter) {
            filters.add(Objects.requireNonNull(filter, "filter must not be null"));
            return this;
        }

        /**
         * The longest request line accepted; longer gets 414. Default 8 KiB.
         *
         * @param bytes at least 64
         * @return this builder
         */
        public Builder maxRequestLineBytes(int bytes) {
            this.maxRequestLineBytes = atLeast(bytes, 64, "maxRequestLineBytes");
            return this;
        }

        /**
         * The largest request head (request line and headers) accepted; larger gets 431. Default 16 KiB.
         *
         * @param bytes at least 256
         * @return this builder
         */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = atLeast(bytes, 256, "maxHeaderBytes");
            return this;
        }

        /**
         * The most header fields accepted; more gets 431. Default 100.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder maxHeaders(int count) {
            this.maxHeaders = atLeast(count, 1, "maxHeaders");
            return this;
        }

        /**
         * The largest request body accepted; larger gets 413 (a larger {@code Content-Length} before anything is
         * read). Default 16 MiB.
         *
         * @param bytes zero or more
         * @return this builder
         */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodyBytes must be zero or more but was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * The longest chunk-size line of a chunked body (with extensions); longer gets 400. Default 1 KiB.
         *
         * @param bytes at least 16
         * @return this builder
         */
        public Builder maxChunkLineBytes(int bytes) {
            this.maxChunkLineBytes = atLeast(bytes, 16, "maxChunkLineBytes");
            return this;
        }

        /**
         * How long a request head may take, from the connection's accept or the request's first byte; then 408 and
         * the connection closed (silently if no byte came). Default 10 s: slow-loris clients are cut off.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder headTimeout(Duration timeout) {
            this.headTimeout = positive(timeout, "headTimeout");
            return this;
        }

        /**
         * How long a keep-alive connection may wait for its next request; then it is closed silently. Default 60 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * How long reading a request body or writing a response may go without progress; then 408 (if nothing was
         * sent yet) or the connection closed. Default 30 s.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder progressTimeout(Duration timeout) {
            this.progressTimeout = positive(timeout, "progressTimeout");
            return this;
        }

        /**
         * The most connections served at once; the acceptor waits for one to end before accepting more. Default
         * 10,000.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder maxConnections(int count) {
            this.maxConnections = atLeast(count, 1, "maxConnections");
            return this;
        }

        /**
         * The grace period of {@link HttpServer#close()}. Default 10 s.
         *
         * @param grace zero or more
         * @return this builder
         */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "grace must not be null");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must be zero or more but was " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Whether a handler is cancelled when its client closes the connection while it runs. Off by default: to see
         * the close, the server must read the socket while the handler runs, which costs a virtual thread per
         * request; turn it on for handlers that work long for one answer (a report, a long poll, a stream) so that
         * the work stops when nobody waits for it. The handler's task is cancelled as with
         * {@link io.zsync.Task#cancel()}: its waits throw {@link io.zsync.TaskCancelledException}, its children are
         * cancelled, and the connection ends without an answer. Watching starts once the request body has been
         * read whole (at once for a request without one). A client that half-closes (shuts its sending side and
         * still reads) looks closed, as it does to Netty; don't turn this on for such clients.
         *
         * @param cancel whether to cancel handlers of closed connections
         * @return this builder
         */
        public Builder cancelOnClientClose(boolean cancel) {
            this.cancelOnClientClose = cancel;
            return this;
        }

        /**
         * Binds the port and starts serving on the current runtime (the calling task's, else the global one).
         *
         * @return the running server
         * @throws IOException if the port cannot be bound
         * @throws IllegalStateException if there is no current runtime; the message says how to get one
         */
        public HttpServer start() throws IOException {
            Settings settings = new Settings(port, address, routes.freeze(), List.copyOf(filters),
                    maxRequestLineBytes, maxHeaderBytes, maxHeaders, maxBodyBytes, maxChunkLineBytes, headTimeout,
                    idleTimeout, progressTimeout, maxConnections, shutdownGrace, cancelOnClientClose);
            return ServerImpl.start(settings);
        }

        private static int atLeast(int value, int min, String what) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + " but was " + value);
            }
            return value;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what + " must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive but was " + d);
            }
            return d;
        }
    }
}
