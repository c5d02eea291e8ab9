package io.zsync.jsonrpc.internal;

import io.zsync.jsonrpc.Framing;
import io.zsync.jsonrpc.Handlers;
import io.zsync.jsonrpc.JsonRpcServer;
import io.zsync.jsonrpc.NotificationHandler;
import io.zsync.jsonrpc.RequestHandler;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A built server: its handlers and settings, immutable; each connection gets an {@link Endpoint}. */
public final class Spec implements JsonRpcServer {
    /** Which protocol's rules apply on top of JSON-RPC. */
    public enum Kind { PLAIN, LSP, MCP }

    /** A registered handler. */
    record Handler(Class<?> type, @Nullable RequestHandler<Object, ?> request,
            @Nullable NotificationHandler<Object> notification, boolean exclusive) {
    }

    final Kind kind;
    final Map<String, Handler> handlers;
    final Framing framing;
    final int capacity;
    final int maxConcurrent;
    final tools.jackson.core.@org.jspecify.annotations.Nullable JsonPointer laneKey;   // compiled once; null: one lane
    final int maxMessageBytes;
    final int noteLimit;
    final boolean batches;
    final @Nullable PrintStream trace;
    final Set<String> cancelOn;
    final Lsp.@Nullable Settings lsp;
    final Mcp.@Nullable Settings mcp;

    private Spec(Builder b) {
        this.kind = b.kind;
        this.handlers = Map.copyOf(b.handlers);
        this.framing = b.framing;
        this.capacity = b.capacity;
        this.maxConcurrent = b.maxConcurrent;
        this.laneKey = b.laneKey.isEmpty() ? null : tools.jackson.core.JsonPointer.compile(b.laneKey);
        this.maxMessageBytes = b.maxMessageBytes;
        this.noteLimit = b.noteLimit;
        this.batches = b.batches;
        this.trace = b.trace;
        this.cancelOn = Set.copyOf(b.cancelOn);
        this.lsp = b.lsp;
        this.mcp = b.mcp;
    }

    /** A builder for a plain JSON-RPC server. */
    public static Builder builder() {
        return new Builder(Kind.PLAIN);
    }

    @Override
    public int serve(InputStream in, OutputStream out) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        return new Endpoint(this, in, out).serve();
    }

    @Override
    public int serveStdio() {
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));   // stray prints: stderr
        return serve(new FileInputStream(FileDescriptor.in), protocol);
    }

    /** The builder of every kind of server; the LSP and MCP builders wrap one. */
    public static final class Builder implements JsonRpcServer.Builder {
        final Kind kind;
        final Map<String, Handler> handlers = new HashMap<>();
        Framing framing = Framing.CONTENT_LENGTH;
        int capacity = 64;
        int maxConcurrent = 64;
        String laneKey = "/textDocument/uri";
        int maxMessageBytes = 64 * 1024 * 1024;
        int noteLimit = 1024;
        boolean batches;
        @Nullable PrintStream trace;
        final java.util.HashSet<String> cancelOn = new java.util.HashSet<>();
        Lsp.@Nullable Settings lsp;
        Mcp.@Nullable Settings mcp;

        public Builder(Kind kind) {
            this.kind = kind;
            this.batches = kind == Kind.PLAIN;
            this.framing = kind == Kind.MCP ? Framing.LINES : Framing.CONTENT_LENGTH;
        }

        @SuppressWarnings("unchecked")
        private Builder add(String method, Class<?> type, @Nullable RequestHandler<?, ?> r,
                @Nullable NotificationHandler<?> n, boolean exclusive) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(type, "paramsType: pass the params' record class, RawJson.class or Void.class");
            if (handlers.containsKey(method)) {
                throw new IllegalArgumentException("a handler for \"" + method + "\" is already registered");
            }
            handlers.put(method, new Handler(type, (RequestHandler<Object, ?>) r, (NotificationHandler<Object>) n,
                    exclusive));
            return this;
        }

        /** Registers a handler the protocol layer provides (initialize, shutdown, tools/call...). */
        public Builder builtIn(String method, Class<?> type, RequestHandler<?, ?> handler, boolean exclusive) {
            return add(method, type, handler, null, exclusive);
        }

        public Builder builtInNotification(String method, Class<?> type, NotificationHandler<?> handler) {
            return add(method, type, null, handler, false);
        }

        public boolean has(String method) {
            return handlers.containsKey(method);
        }

        public Builder lsp(Lsp.Settings settings) {
            this.lsp = settings;
            return this;
        }

        public Builder mcp(Mcp.Settings settings) {
            this.mcp = settings;
            return this;
        }

        public Builder cancelOn(String notificationMethod) {
            cancelOn.add(notificationMethod);
            return this;
        }

        @Override
        public <P> Builder request(String method, Class<P> paramsType, RequestHandler<? super P, ?> handler) {
            return add(method, paramsType, Objects.requireNonNull(handler, "handler"), null, false);
        }

        @Override
        public <P> Builder exclusiveRequest(String method, Class<P> paramsType,
                RequestHandler<? super P, ?> handler) {
            return add(method, paramsType, Objects.requireNonNull(handler, "handler"), null, true);
        }

        @Override
        public <P> Builder notification(String method, Class<P> paramsType, NotificationHandler<? super P> handler) {
            return add(method, paramsType, null, Objects.requireNonNull(handler, "handler"), false);
        }

        @Override
        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        @Override
        public Builder inboundCapacity(int capacity) {
            this.capacity = positive(capacity, "inboundCapacity");
            return this;
        }

        @Override
        public Builder maxConcurrentRequests(int limit) {
            this.maxConcurrent = positive(limit, "maxConcurrentRequests");
            return this;
        }

        @Override
        public Builder laneKey(String jsonPointer) {
            Objects.requireNonNull(jsonPointer, "jsonPointer");
            if (!jsonPointer.isEmpty() && !jsonPointer.startsWith("/")) {
                throw new IllegalArgumentException("a JSON Pointer starts with '/', for example \"/textDocument/uri\";"
                        + " got \"" + jsonPointer + "\"");
            }
            this.laneKey = jsonPointer;
            return this;
        }

        @Override
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = positive(bytes, "maxMessageBytes");
            return this;
        }

        @Override
        public Builder outboundNotificationLimit(int limit) {
            this.noteLimit = positive(limit, "outboundNotificationLimit");
            return this;
        }

        @Override
        public Builder batches(boolean allowed) {
            this.batches = allowed;
            return this;
        }

        @Override
        public Builder trace(PrintStream trace) {
            this.trace = Objects.requireNonNull(trace, "trace");
            return this;
        }

        @Override
        public Spec build() {
            return new Spec(this);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be 1 or more, not " + v);
            }
            return v;
        }
    }
}
