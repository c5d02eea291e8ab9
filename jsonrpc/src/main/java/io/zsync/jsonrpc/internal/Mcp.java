package io.zsync.jsonrpc.internal;

import io.zsync.jsonrpc.Context;
import io.zsync.jsonrpc.ErrorCodes;
import io.zsync.jsonrpc.JsonRpcException;
import io.zsync.jsonrpc.RawJson;
import io.zsync.jsonrpc.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The Model Context Protocol's server side (initialize, ping, tools) on top of the JSON-RPC core. */
public final class Mcp {
    /*
     * Maintainer notes. Protocol versions: the client's is echoed when we speak it, else our newest (the client then
     * decides). A tool's failure is a result with isError (the model should see it), not a JSON-RPC error; an unknown
     * tool or arguments that do not fit are -32602. A cancelled call gets no answer (notifications/cancelled).
     */

    static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

    private Mcp() {
    }

    /** A registered tool. */
    public record Tool(String name, @Nullable String description, Class<?> argsType, RequestHandler<Object, ?> handler,
            JsonNode inputSchema) {
    }

    /** What the builder set. */
    public record Settings(String name, String version, @Nullable String instructions, Map<String, Tool> tools) {
    }

    /** A tool from the builder: its schema made from the arguments' record type. */
    @SuppressWarnings("unchecked")
    public static Tool tool(String name, @Nullable String description, Class<?> argsType,
            RequestHandler<?, ?> handler) {
        return new Tool(name, description, argsType, (RequestHandler<Object, ?>) handler, schema(argsType));
    }

    /** Registers initialize, ping, tools/list and tools/call. */
    public static void install(Spec.Builder b, Settings s) {
        b.mcp(s);
        b.builtIn("initialize", RawJson.class, (Context ctx, RawJson raw) -> initialize(raw, s), true);
        b.builtIn("ping", RawJson.class, (Context ctx, RawJson p) -> Json.object(), false);
        b.builtIn("tools/list", RawJson.class, (Context ctx, RawJson p) -> list(s), false);
        b.builtIn("tools/call", RawJson.class, (Context ctx, RawJson p) -> call(ctx, p, s), false);
        if (!b.has("notifications/initialized")) {
            b.builtInNotification("notifications/initialized", Void.class, (ctx, p) -> { });
        }
    }

    private static JsonNode initialize(RawJson raw, Settings s) {
        JsonNode params = Json.parse(raw.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String asked = params.path("protocolVersion").asString("");
        ObjectNode result = Json.object();
        result.put("protocolVersion", VERSIONS.contains(asked) ? asked : VERSIONS.get(0));
        ObjectNode caps = result.putObject("capabilities");
        caps.putObject("tools").put("listChanged", false);
        ObjectNode info = result.putObject("serverInfo");
        info.put("name", s.name());
        info.put("version", s.version());
        if (s.instructions() != null) {
            result.put("instructions", s.instructions());
        }
        return result;
    }

    private static JsonNode list(Settings s) {
        ObjectNode result = Json.object();
        ArrayNode tools = result.putArray("tools");
        for (Tool t : s.tools().values()) {
            ObjectNode o = tools.addObject();
            o.put("name", t.name());
            if (t.description() != null) {
                o.put("description", t.description());
            }
            o.set("inputSchema", t.inputSchema());
        }
        return result;
    }

    private static JsonNode call(Context ctx, RawJson raw, Settings s) throws Exception {
        JsonNode params = Json.parse(raw.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String name = params.path("name").asString("");
        Tool tool = s.tools().get(name);
        if (tool == null) {
            throw new JsonRpcException(ErrorCodes.INVALID_PARAMS, "Unknown tool: \"" + name + "\"; tools/list names"
                    + " the tools there are");
        }
        JsonNode args = params.get("arguments");
        Object typed;
        try {
            typed = Json.params(args == null ? Json.object() : args, tool.argsType());
        } catch (JsonRpcException e) {
            throw new JsonRpcException(e.code(), e.getMessage().replace("params", "arguments"), e.data());
        }
        ObjectNode result = Json.object();
        ArrayNode content = result.putArray("content");
        Object value;
        try {
            value = tool.handler().handle(ctx, typed);
        } catch (JsonRpcException | io.zsync.TaskCancelledException e) {
            throw e;
        } catch (Exception failure) {
            if (ctx.isCancelled()) {
                throw failure;
            }
            content.addObject().put("type", "text").put("text", String.valueOf(failure.getMessage() == null
                    ? failure.toString() : failure.getMessage()));
            result.put("isError", true);
            return result;
        }
        if (value instanceof String text) {
            content.addObject().put("type", "text").put("text", text);
        } else if (value != null) {
            JsonNode tree = Json.tree(value);
            content.addObject().put("type", "text").put("text", tree.toString());
            if (tree.isObject()) {
                result.set("structuredContent", tree);
            }
        }
        return result;
    }

    // ---- input schemas from records ----

    static ObjectNode schema(Class<?> type) {
        return schemaOf(type, 0);
    }

    private static ObjectNode schemaOf(Type type, int depth) {
        ObjectNode s = Json.object();
        Class<?> raw = type instanceof Class<?> c ? c
                : type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c ? c : Object.class;
        if (raw == String.class || raw == char.class || raw == Character.class || raw.isEnum()) {
            s.put("type", "string");
            if (raw.isEnum()) {
                ArrayNode values = s.putArray("enum");
                for (Object constant : raw.getEnumConstants()) {
                    values.add(((Enum<?>) constant).name());
                }
            }
        } else if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class
                || raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class
                || raw == java.math.BigInteger.class) {
            s.put("type", "integer");
        } else if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class
                || Number.class.isAssignableFrom(raw)) {
            s.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            s.put("type", "array");
            Type element = raw.isArray() ? raw.getComponentType()
                    : type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
            if (depth < 8) {
                s.set("items", schemaOf(element, depth + 1));
            }
        } else if (raw.isRecord() && depth < 8) {
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            for (RecordComponent rc : raw.getRecordComponents()) {
                props.set(rc.getName(), schemaOf(rc.getGenericType(), depth + 1));
            }
            ArrayNode required = s.putArray("required");
            Json.requiredNames(raw).forEach(required::add);
        } else if (raw == Void.class) {
            s.put("type", "object");
        } else {
            s.put("type", "object");
        }
        return s;
    }
}
