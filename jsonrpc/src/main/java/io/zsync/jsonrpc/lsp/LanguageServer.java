package io.zsync.jsonrpc.lsp;

import io.zsync.jsonrpc.Handlers;
import io.zsync.jsonrpc.JsonRpcServer;
import io.zsync.jsonrpc.NotificationHandler;
import io.zsync.jsonrpc.RequestHandler;
import io.zsync.jsonrpc.internal.Lsp;
import io.zsync.jsonrpc.internal.Spec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A language server: JSON-RPC 2.0 with LSP's framing, lifecycle and cancellation. You register the methods you
 * serve; {@code initialize}, {@code initialized}, {@code shutdown}, {@code exit} and {@code $/cancelRequest} are
 * handled here.
 *
 * <pre>{@code
 * record Position(int line, int character) {}
 * record TextDocument(String uri) {}
 * record HoverParams(TextDocument textDocument, Position position) {}
 * record Hover(String contents) {}
 *
 * public static void main(String[] args) throws Exception {
 *     JsonRpcServer server = LanguageServer.builder()
 *             .capabilities(Map.of("hoverProvider", true))
 *             .request("textDocument/hover", HoverParams.class, (ctx, p) -> new Hover("line " + p.position().line()))
 *             .build();
 *     System.exit(Zsync.run(server::serveStdio));
 * }
 * }</pre>
 *
 * <p>Lifecycle: before {@code initialize}, requests are answered {@code -32002} and notifications dropped; a second
 * {@code initialize} gets {@code -32600}. {@code shutdown} waits for the requests in flight (up to {@linkplain
 * Builder#shutdownGrace the grace}, then cancels them) and answers {@code null}; later requests get {@code -32600}.
 * {@code exit} ends the connection with status 0 after {@code shutdown}, 1 without; so does the end of standard
 * input, and the exit of the client's process when {@code initialize} named it ({@code processId}).
 *
 * <p>Cancellation: {@code $/cancelRequest} cancels the request's task (its waits and sleeps throw) and it is
 * answered {@code -32800}, unless its result was already sent; a request still waiting never runs.
 */
public final class LanguageServer {
    private LanguageServer() {
    }

    /**
     * A new builder.
     *
     * @return a builder with LSP's framing and lifecycle
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a language server. */
    public static final class Builder implements Handlers<Builder> {
        private final Spec.Builder spec = new Spec.Builder(Spec.Kind.LSP);
        private @Nullable Object capabilities;
        private @Nullable String name;
        private @Nullable String version;
        private @Nullable Class<?> initializeType;
        private @Nullable RequestHandler<Object, ?> onInitialize;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private boolean watchClientProcess = true;

        private Builder() {
        }

        /**
         * The {@code capabilities} answered to {@code initialize} (a record, a map, a {@link
         * io.zsync.jsonrpc.RawJson}).
         *
         * @param capabilities the server's capabilities
         * @return this builder
         */
        public Builder capabilities(Object capabilities) {
            this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
            return this;
        }

        /**
         * Computes the capabilities from the client's {@code initialize} params instead (runs before the answer;
         * the lifecycle is handled either way).
         *
         * @param paramsType the params' record type (or {@link io.zsync.jsonrpc.RawJson})
         * @param handler returns the capabilities
         * @param <P> the params' type
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public <P> Builder onInitialize(Class<P> paramsType, RequestHandler<? super P, ?> handler) {
            this.initializeType = Objects.requireNonNull(paramsType, "paramsType");
            this.onInitialize = (RequestHandler<Object, ?>) Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * The {@code serverInfo} answered to {@code initialize}.
         *
         * @param name the server's name
         * @param version its version
         * @return this builder
         */
        public Builder serverInfo(String name, String version) {
            this.name = Objects.requireNonNull(name, "name");
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * How long {@code shutdown} waits for the requests in flight before it cancels them (default 5 s).
         *
         * @param grace zero or more
         * @return this builder
         */
        public Builder shutdownGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must be zero or more, not " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Whether the server ends (status 1) when the process named by {@code initialize}'s {@code processId}
         * exits (default true).
         *
         * @param watch whether to watch it
         * @return this builder
         */
        public Builder watchClientProcess(boolean watch) {
            this.watchClientProcess = watch;
            return this;
        }

        /**
         * Whether {@code textDocument/didChange} cancels the requests in flight on the same document, which are
         * answered {@code -32801} (ContentModified) and may be asked again (default false).
         *
         * @param cancel whether a change cancels them
         * @return this builder
         */
        public Builder cancelOnChange(boolean cancel) {
            if (cancel) {
                spec.cancelOn("textDocument/didChange");
            }
            return this;
        }

        @Override
        public <P> Builder request(String method, Class<P> paramsType, RequestHandler<? super P, ?> handler) {
            reserved(method);
            spec.request(method, paramsType, handler);
            return this;
        }

        @Override
        public <P> Builder exclusiveRequest(String method, Class<P> paramsType,
                RequestHandler<? super P, ?> handler) {
            reserved(method);
            spec.exclusiveRequest(method, paramsType, handler);
            return this;
        }

        @Override
        public <P> Builder notification(String method, Class<P> paramsType, NotificationHandler<? super P> handler) {
            if (method.equals("exit") || method.equals("$/cancelRequest")) {
                throw new IllegalArgumentException(method + " is handled by the server itself");
            }
            spec.notification(method, paramsType, handler);
            return this;
        }

        private static void reserved(String method) {
            if (method.equals("initialize") || method.equals("shutdown")) {
                throw new IllegalArgumentException(method + " is handled by the server itself: use capabilities(..)"
                        + " or onInitialize(..) to answer initialize");
            }
        }

        /**
         * How many messages may wait to be dispatched before the reader stops reading (default 64).
         *
         * @param capacity 1 or more
         * @return this builder
         * @see JsonRpcServer.Builder#inboundCapacity(int)
         */
        public Builder inboundCapacity(int capacity) {
            spec.inboundCapacity(capacity);
            return this;
        }

        /**
         * How many request handlers may run at once (default 64).
         *
         * @param limit 1 or more
         * @return this builder
         */
        public Builder maxConcurrentRequests(int limit) {
            spec.maxConcurrentRequests(limit);
            return this;
        }

        /**
         * Where in the params a message's lane key is (default {@code /textDocument/uri}).
         *
         * @param jsonPointer a JSON Pointer
         * @return this builder
         */
        public Builder laneKey(String jsonPointer) {
            spec.laneKey(jsonPointer);
            return this;
        }

        /**
         * The largest message accepted (default 64 MiB).
         *
         * @param bytes 1 or more
         * @return this builder
         */
        public Builder maxMessageBytes(int bytes) {
            spec.maxMessageBytes(bytes);
            return this;
        }

        /**
         * Writes every message in and out to {@code trace} (standard error, or a file's stream).
         *
         * @param trace where the trace goes
         * @return this builder
         */
        public Builder trace(PrintStream trace) {
            spec.trace(trace);
            return this;
        }

        /**
         * Builds the server.
         *
         * @return the server; {@link JsonRpcServer#serveStdio()} serves an editor
         */
        public JsonRpcServer build() {
            Spec.Builder b = spec;
            Lsp.install(b, new Lsp.Settings(capabilities, name, version, initializeType, onInitialize, shutdownGrace,
                    watchClientProcess));
            return b.build();
        }
    }
}
