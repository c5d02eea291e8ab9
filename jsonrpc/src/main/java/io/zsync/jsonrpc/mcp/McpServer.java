package io.zsync.jsonrpc.mcp;

import io.zsync.jsonrpc.JsonRpcServer;
import io.zsync.jsonrpc.RequestHandler;
import io.zsync.jsonrpc.internal.Mcp;
import io.zsync.jsonrpc.internal.Spec;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Model Context Protocol server: tools an AI client lists and calls, over stdio (one JSON message per line).
 * {@code initialize} (with version negotiation), {@code ping}, {@code tools/list}, {@code tools/call} and {@code
 * notifications/cancelled} are handled here; each call runs as a zsync task of its own, so a cancelled call's
 * task is interrupted.
 *
 * <pre>{@code
 * record Add(int a, int b) {}
 * JsonRpcServer server = McpServer.builder("calculator", "1.0")
 *         .tool("add", "Adds two integers", Add.class, (ctx, args) -> String.valueOf(args.a() + args.b()))
 *         .build();
 * System.exit(Zsync.run(server::serveStdio));
 * }</pre>
 *
 * <p>A tool's result: a {@code String} is sent as text content; another value as its JSON text, and, if it is an
 * object, also as {@code structuredContent}; {@code null} as no content. An exception is sent as a result with
 * {@code isError} and the exception's message (the model sees it); a {@link io.zsync.jsonrpc.JsonRpcException} as
 * a JSON-RPC error. The input schema is made from the arguments' record: its components with their JSON types,
 * all required but {@code @Nullable} and {@code Optional} ones.
 */
public final class McpServer {
    private McpServer() {
    }

    /**
     * A new builder.
     *
     * @param name the server's name, in {@code serverInfo}
     * @param version its version
     * @return a builder
     */
    public static Builder builder(String name, String version) {
        return new Builder(Objects.requireNonNull(name, "name"), Objects.requireNonNull(version, "version"));
    }

    /** Builds an MCP server. */
    public static final class Builder {
        private final Spec.Builder spec = new Spec.Builder(Spec.Kind.MCP);
        private final String name;
        private final String version;
        private final Map<String, Mcp.Tool> tools = new LinkedHashMap<>();
        private @Nullable String instructions;

        private Builder(String name, String version) {
            this.name = name;
            this.version = version;
        }

        /**
         * Adds a tool.
         *
         * @param name the tool's name
         * @param description what it does, for the model
         * @param argsType the arguments' record type ({@code Void.class} for none)
         * @param handler runs the tool in a task of its own
         * @param <A> the arguments' type
         * @return this builder
         * @throws IllegalArgumentException if a tool of this name exists
         */
        public <A> Builder tool(String name, String description, Class<A> argsType,
                RequestHandler<? super A, ?> handler) {
            Objects.requireNonNull(name, "name");
            if (tools.containsKey(name)) {
                throw new IllegalArgumentException("a tool named \"" + name + "\" is already registered");
            }
            tools.put(name, Mcp.tool(name, description, argsType, handler));
            return this;
        }

        /**
         * The {@code instructions} answered to {@code initialize}: how to use this server's tools.
         *
         * @param instructions text for the model
         * @return this builder
         */
        public Builder instructions(String instructions) {
            this.instructions = Objects.requireNonNull(instructions, "instructions");
            return this;
        }

        /**
         * How many tool calls may run at once (default 64).
         *
         * @param limit 1 or more
         * @return this builder
         */
        public Builder maxConcurrentRequests(int limit) {
            spec.maxConcurrentRequests(limit);
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
         * Writes every message in and out to {@code trace}.
         *
         * @param trace where the trace goes (standard error, or a file's stream)
         * @return this builder
         */
        public Builder trace(PrintStream trace) {
            spec.trace(trace);
            return this;
        }

        /**
         * Builds the server.
         *
         * @return the server; {@link JsonRpcServer#serveStdio()} serves an MCP client
         */
        public JsonRpcServer build() {
            Mcp.install(spec, new Mcp.Settings(name, version, instructions, Map.copyOf(tools)));
            return spec.build();
        }
    }
}
