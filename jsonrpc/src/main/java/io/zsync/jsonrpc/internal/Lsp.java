package io.zsync.jsonrpc.internal;

import io.zsync.jsonrpc.Context;
import io.zsync.jsonrpc.ErrorCodes;
import io.zsync.jsonrpc.JsonRpcException;
import io.zsync.jsonrpc.RawJson;
import io.zsync.jsonrpc.RequestHandler;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The Language Server Protocol's lifecycle on top of the JSON-RPC core. */
public final class Lsp {
    /*
     * Maintainer notes. Lifecycle (LSP 3.17, "Server lifetime"): before initialize, requests get -32002 and
     * notifications are dropped (exit excepted: the reader handles it); a second initialize gets -32600; after
     * shutdown every request gets -32600 and notifications are dropped; exit ends with 0 after shutdown, 1 without.
     * initialize and shutdown are exclusive on the global lane, so nothing of the same lane overlaps them.
     * `initializeAnswered` is set once the initialize response is queued: the server's own requests queue behind it
     * (the writer keeps urgent messages in order), so window/workDoneProgress/create never precedes it.
     * Tracing: initialize's `trace` and then $/setTrace set the level; Client.logTrace sends $/logTrace only when
     * it is not off, with `verbose` only at verbose (LSP 3.16+).
     */

    private Lsp() {
    }

    /** What the builder set. */
    public record Settings(@Nullable Object capabilities, @Nullable String name, @Nullable String version,
            @Nullable Class<?> initializeType, @Nullable RequestHandler<Object, ?> onInitialize, Duration shutdownGrace,
            boolean watchClientProcess) {
    }

    /** One connection's lifecycle. */
    static final class State {
        volatile boolean initializing;
        volatile boolean initializeAnswered;
        volatile boolean shutdown;
        volatile boolean shutdownReceived;   // read by the reader: decides exit's status
        volatile boolean workDoneProgress;
        volatile int trace;                  // TRACE_OFF, TRACE_MESSAGES or TRACE_VERBOSE: initialize's, then $/setTrace's
    }

    static final int TRACE_OFF = 0;
    static final int TRACE_MESSAGES = 1;
    static final int TRACE_VERBOSE = 2;

    /** LSP's TraceValue; anything else is off. */
    static int traceLevel(JsonNode value) {
        return switch (value.asString("off")) {
            case "messages" -> TRACE_MESSAGES;
            case "verbose" -> TRACE_VERBOSE;
            default -> TRACE_OFF;
        };
    }

    /** Registers initialize and shutdown. */
    public static void install(Spec.Builder b, Settings s) {
        b.lsp(s);
        b.builtIn("initialize", RawJson.class, (Context ctx, RawJson params) -> initialize(ctx, params, s), true);
        b.builtIn("shutdown", Void.class, (Context ctx, Object none) -> {
            Endpoint e = ((Endpoint.ContextImpl) ctx).endpoint;
            e.lsp.shutdown = true;
            e.drainRequests(ctx, s.shutdownGrace());
            return null;
        }, true);
        if (!b.has("initialized")) {
            b.builtInNotification("initialized", Void.class, (ctx, p) -> { });
        }
        if (!b.has("$/setTrace")) {
            b.builtInNotification("$/setTrace", RawJson.class, (Context ctx, RawJson p) -> {
                Endpoint e = ((Endpoint.ContextImpl) ctx).endpoint;
                e.lsp.trace = traceLevel(Json.parse(p.text().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .path("value"));
            });
        }
    }

    private static Object initialize(Context ctx, RawJson raw, Settings s) throws Exception {
        Endpoint e = ((Endpoint.ContextImpl) ctx).endpoint;
        JsonNode params = Json.parse(raw.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        e.lsp.workDoneProgress = params.path("capabilities").path("window").path("workDoneProgress").asBoolean(false);
        e.lsp.trace = traceLevel(params.path("trace"));
        JsonNode pid = params.get("processId");
        if (s.watchClientProcess() && pid != null && pid.isIntegralNumber()) {
            ProcessHandle.of(pid.asLong()).ifPresentOrElse(
                    h -> h.onExit().thenRun(() -> {
                        e.trace("the client's process " + pid + " exited: the server ends");
                        e.end(1);
                    }),
                    () -> {
                        e.trace("the client's process " + pid + " does not exist: the server ends");
                        e.end(1);
                    });
        }
        Object capabilities = s.capabilities();
        if (s.onInitialize() != null) {
            Object typed = Json.params(params, s.initializeType());
            capabilities = s.onInitialize().handle(ctx, typed);
        }
        ObjectNode result = Json.object();
        result.set("capabilities", capabilities == null ? Json.object() : Json.tree(capabilities));
        if (s.name() != null) {
            ObjectNode info = result.putObject("serverInfo");
            info.put("name", s.name());
            if (s.version() != null) {
                info.put("version", s.version());
            }
        }
        return result;
    }

    /** Why a request may not run now, or null. */
    static @Nullable JsonRpcException refusal(Endpoint e, String method) {
        if (e.spec.kind != Spec.Kind.LSP) {
            return null;
        }
        State st = e.lsp;
        if (st.shutdown) {
            return new JsonRpcException(ErrorCodes.INVALID_REQUEST, "Invalid Request: the server is shut down"
                    + " (shutdown was received); only the exit notification is accepted now");
        }
        if (method.equals("initialize")) {
            if (st.initializing) {
                return new JsonRpcException(ErrorCodes.INVALID_REQUEST, "Invalid Request: initialize was already"
                        + " received; send it once per connection");
            }
            st.initializing = true;
            return null;
        }
        if (!st.initializing) {
            return new JsonRpcException(ErrorCodes.SERVER_NOT_INITIALIZED, "Server not initialized: send initialize"
                    + " first (got " + method + ")");
        }
        return null;
    }

    /** Whether a notification is applied now (dropped before initialize and after shutdown). */
    static boolean admitsNotification(Endpoint e, String method) {
        if (e.spec.kind != Spec.Kind.LSP) {
            return true;
        }
        return e.lsp.initializing && !e.lsp.shutdown;
    }

    /** A request was answered. */
    static void answered(Endpoint e, String method) {
        if (e.spec.kind == Spec.Kind.LSP && method.equals("initialize")) {
            e.lsp.initializeAnswered = true;
        }
    }
}
