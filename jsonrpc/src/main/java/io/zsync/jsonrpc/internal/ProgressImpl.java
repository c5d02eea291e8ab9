package io.zsync.jsonrpc.internal;

import io.zsync.jsonrpc.JsonRpcException;
import io.zsync.jsonrpc.Progress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** LSP's work-done progress ($/progress begin, report, end) or MCP's notifications/progress, for one token. */
final class ProgressImpl implements Progress {
    private static final AtomicLong TOKENS = new AtomicLong();

    private final Endpoint endpoint;
    private final @Nullable JsonNode token;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long steps;

    private ProgressImpl(Endpoint endpoint, @Nullable JsonNode token) {
        this.endpoint = endpoint;
        this.token = token;
    }

    static ProgressImpl start(Endpoint.ContextImpl ctx, String title) {
        Endpoint e = ctx.endpoint;
        JsonNode params = ctx.params;
        if (e.spec.kind == Spec.Kind.MCP) {
            JsonNode token = params == null ? null : params.path("_meta").get("progressToken");
            return new ProgressImpl(e, token != null && (token.isString() || token.isNumber()) ? token : null);
        }
        JsonNode token = params == null ? null : params.get("workDoneToken");
        if (token != null && !(token.isString() || token.isNumber())) {
            token = null;
        }
        if (token == null && e.spec.kind == Spec.Kind.LSP && e.lsp.workDoneProgress && e.lsp.initializeAnswered) {
            JsonNode created = Json.NODES.stringNode("zsync-progress-" + TOKENS.incrementAndGet());
            ObjectNode create = Json.object();
            create.set("token", created);
            try {
                e.request("window/workDoneProgress/create", create, Void.class).await();
                token = created;
            } catch (JsonRpcException refused) {
                e.trace("the client refused a progress token: " + refused.getMessage());
            }
        }
        ProgressImpl p = new ProgressImpl(e, token);
        if (token != null) {
            ObjectNode value = Json.object();
            value.put("kind", "begin");
            value.put("title", title);
            value.put("cancellable", false);
            p.send(value, false);
        }
        return p;
    }

    @Override
    public void report(@Nullable String message, int percentage) {
        if (token == null || closed.get()) {
            return;
        }
        if (endpoint.spec.kind == Spec.Kind.MCP) {
            ObjectNode p = Json.object();
            p.set("progressToken", token);
            if (percentage >= 0) {
                p.put("progress", Math.min(percentage, 100));
                p.put("total", 100);
            } else {
                p.put("progress", ++steps);
            }
            if (message != null) {
                p.put("message", message);
            }
            endpoint.sendNotification("notifications/progress", p, "progress " + token, false);
            return;
        }
        ObjectNode value = Json.object();
        value.put("kind", "report");
        if (message != null) {
            value.put("message", message);
        }
        if (percentage >= 0) {
            value.put("percentage", Math.min(percentage, 100));
        }
        send(value, true);
    }

    private void send(ObjectNode value, boolean coalesce) {
        ObjectNode p = Json.object();
        p.set("token", token);
        p.set("value", value);
        endpoint.sendNotification("$/progress", p, coalesce ? "progress " + token : null, false);
    }

    @Override
    public boolean isReported() {
        return token != null;
    }

    @Override
    public void close() {
        if (token == null || !closed.compareAndSet(false, true) || endpoint.spec.kind == Spec.Kind.MCP) {
            return;
        }
        ObjectNode value = Json.object();
        value.put("kind", "end");
        boolean interrupted = Thread.interrupted();   // the end is sent also when the handler was cancelled
        try {
            send(value, false);
        } catch (io.zsync.TaskCancelledException stillCancelled) {
            endpoint.trace("a progress end could not be queued: the connection is ending");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
