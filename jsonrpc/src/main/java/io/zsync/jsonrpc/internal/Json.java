package io.zsync.jsonrpc.internal;

import io.zsync.jsonrpc.ErrorCodes;
import io.zsync.jsonrpc.JsonRpcException;
import io.zsync.jsonrpc.RawJson;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The module's one JSON mapper, and params checked against the handler's record type with the offending field's
 * path in the error.
 */
public final class Json {
    /*
     * Maintainer notes.
     *
     * Strict where a client's mistake would otherwise pass silently: no coercion of "5" to 5 or 5.7 to 5, no null for
     * a primitive, a missing record component is an error unless it is @Nullable (any annotation of that simple name,
     * on the component or its type) or an Optional. Lenient where LSP needs it: unknown fields are ignored (clients
     * send far more than a handler models).
     *
     * The reader parses each message into a tree once (it needs "id" and "method" before it knows the params'
     * type); the handler's task converts the params tree into the record, so a large conversion never holds the
     * reader. Nesting is capped at 200 (a deeper message is a parse error), strings at the message limit.
     */

    private static final int MAX_DEPTH = 200;

    static final JsonMapper MAPPER = mapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Map<Class<?>, Component[]> RECORDS = new ConcurrentHashMap<>();

    /** A reader per params type, its deserializer found once (the mapper looks it up on every treeToValue). */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    private Json() {
    }

    private static JsonMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build())
                .build();
        SimpleModule raw = new SimpleModule("zsync-rawjson") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addValueInstantiators(new RecordCreators());
            }
        };
        raw.addSerializer(RawJson.class, new ValueSerializer<RawJson>() {
            @Override
            public void serialize(RawJson value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeRawValue(value.text());
            }
        });
        raw.addDeserializer(RawJson.class, new ValueDeserializer<RawJson>() {
            @Override
            public RawJson deserialize(JsonParser p, DeserializationContext ctxt) {
                JsonNode node = ctxt.readTree(p);
                return RawJson.of(node.toString());
            }

            @Override
            public RawJson getNullValue(DeserializationContext ctxt) {
                return RawJson.of("null");
            }
        });
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .addModule(raw)
                .build();
    }

    /**
     * Records made by their canonical constructor through core reflection, which keeps one spreading method handle
     * per constructor. Jackson 3.3 calls {@code MethodHandle.invokeWithArguments}, which builds a spreader on every
     * call: 10 % of an LSP server's samples under load (JFR, bench/jsonrpc), for three small records per hover.
     */
    private static final class RecordCreators implements ValueInstantiators {
        @Override
        public @Nullable ValueInstantiator findValueInstantiator(DeserializationConfig config,
                BeanDescription.Supplier beanDescRef) {
            return null;
        }

        @Override
        public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
                BeanDescription.Supplier beanDescRef, ValueInstantiator found) {
            if (found.getClass() == StdValueInstantiator.class && found.getValueClass().isRecord()
                    && ((StdValueInstantiator) found).getWithArgsCreator() instanceof AnnotatedConstructor c) {
                return new RecordCreator((StdValueInstantiator) found, c.getAnnotated());
            }
            return found;
        }
    }

    /** Jackson's instantiator of one record, but for the call of its constructor. */
    private static final class RecordCreator extends StdValueInstantiator {
        private final Constructor<?> constructor;
        private volatile boolean jacksons;   // the constructor could not be called from here: Jackson's way, then

        RecordCreator(StdValueInstantiator base, Constructor<?> constructor) {
            super(base);
            this.constructor = constructor;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
            if (jacksons) {
                return super.createFromObjectWith(ctxt, args);
            }
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {   // the record's own check refused the values: as Jackson says it
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return ctxt.handleInstantiationProblem(_valueClass, args, rewrapCtorProblem(ctxt, cause));
            } catch (IllegalAccessException e) {
                jacksons = true;
                return super.createFromObjectWith(ctxt, args);
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                return ctxt.handleInstantiationProblem(_valueClass, args, rewrapCtorProblem(ctxt, e));
            }
        }
    }

    /** One JSON value's compact text; for {@link RawJson#of}. */
    public static String normalise(String json) {
        try {
            return MAPPER.readTree(json).toString();
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not one JSON value: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    /** Parses a message. */
    static JsonNode parse(byte[] bytes) throws JacksonException {
        return MAPPER.readTree(bytes);
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A value as a tree (records, maps, RawJson...); null is JSON null. */
    static JsonNode tree(@Nullable Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        return MAPPER.valueToTree(value);
    }

    static byte[] bytes(JsonNode message) {
        return MAPPER.writeValueAsBytes(message);
    }

    /**
     * A response's bytes, {@code {"jsonrpc":"2.0","id":…,"result":…}}, the result written straight from the
     * handler's value (no tree in between: that was a second pass over every result).
     *
     * @throws JacksonException if the result cannot be written as JSON
     */
    static byte[] response(JsonNode id, @Nullable Object result) throws JacksonException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("jsonrpc", "2.0");
            g.writeName("id");
            g.writeTree(id);
            g.writeName("result");
            g.writePOJO(result);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * A request id as a map key, cheaply: a long as its digits, a string after a quote (so "7" and 7 differ), anything
     * else (a fraction, a number past a long) as its JSON text. The same id always makes the same key.
     */
    static String idKey(JsonNode id) {
        if (id.isIntegralNumber() && id.canConvertToLong()) {
            return Long.toString(id.longValue());
        }
        if (id.isString()) {
            return "\"" + id.stringValue();
        }
        return id.toString();
    }

    /**
     * The params as the handler's type, or a {@code -32602} error naming the first field that does not fit.
     *
     * @param params the params' tree, or null if the message had none
     */
    @SuppressWarnings("unchecked")
    static <P> P params(@Nullable JsonNode params, Class<P> type) {
        if (type == Void.class) {
            return null;
        }
        if (type == RawJson.class) {
            return (P) RawJson.of(params == null ? "null" : params.toString());
        }
        if (params == null || params.isNull()) {
            if (type.isRecord() && components(type).length > 0 && anyRequired(type)) {
                throw invalid("params", "params are missing: expected an object with " + names(type));
            }
            if (type.isRecord()) {
                params = NODES.objectNode();
            } else {
                throw invalid("params", "params are missing");
            }
        }
        Problem problem = check(params, type, ROOT);
        if (problem != null) {
            String path = problem.at().toString();
            throw invalid(path, path + ": " + problem.what());
        }
        try {
            return READERS.get(type).readValue(params);
        } catch (JacksonException e) {
            String path = path(e);
            throw invalid(path, path + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    /** A value converted to {@code type} (a client's result, for example); Jackson's message if it does not fit. */
    @SuppressWarnings("unchecked")
    static <R> R convert(JsonNode value, Class<R> type) {
        if (type == Void.class) {
            return null;
        }
        if (type == RawJson.class) {
            return (R) RawJson.of(value.toString());
        }
        try {
            return MAPPER.treeToValue(value, type);
        } catch (JacksonException e) {
            throw new JsonRpcException(ErrorCodes.INVALID_PARAMS,
                    "the client's result does not fit " + type.getSimpleName() + ": " + path(e, "result") + ": "
                            + firstLine(e.getOriginalMessage()));
        }
    }

    private static JsonRpcException invalid(String path, String message) {
        ObjectNode data = NODES.objectNode();
        data.put("path", path);
        return new JsonRpcException(ErrorCodes.INVALID_PARAMS, "Invalid params: " + message, data);
    }

    private static String path(JacksonException e) {
        return path(e, "params");
    }

    private static String path(JacksonException e, String root) {
        StringBuilder b = new StringBuilder(root);
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                b.append('.').append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    static String firstLine(@Nullable String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ---- required fields ----

    private record Component(String name, Type type, boolean required) {
    }

    private static Component[] components(Class<?> record) {
        return RECORDS.computeIfAbsent(record, r -> {
            RecordComponent[] rcs = r.getRecordComponents();
            Component[] out = new Component[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                RecordComponent rc = rcs[i];
                boolean optional = rc.getType() == Optional.class || nullable(rc.getAnnotations())
                        || nullable(rc.getAnnotatedType().getAnnotations());
                out[i] = new Component(rc.getName(), rc.getGenericType(), !optional);
            }
            return out;
        });
    }

    private static boolean nullable(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyRequired(Class<?> record) {
        for (Component c : components(record)) {
            if (c.required) {
                return true;
            }
        }
        return false;
    }

    private static String names(Class<?> record) {
        StringBuilder b = new StringBuilder();
        for (Component c : components(record)) {
            if (c.required) {
                b.append(b.isEmpty() ? "" : ", ").append(c.name);
            }
        }
        return b.toString();
    }

    /** Where a value sits in the params: made as the check descends, spelt out only for an error. */
    private record Path(@Nullable Path parent, @Nullable String name, int index) {
        Path field(String field) {
            return new Path(this, field, -1);
        }

        Path element(int i) {
            return new Path(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return String.valueOf(name);
            }
            return parent + (name != null ? "." + name : "[" + index + "]");
        }
    }

    private static final Path ROOT = new Path(null, "params", -1);

    /** What is wrong, and where. */
    private record Problem(Path at, String what) {
    }

    /** The first required component missing (or null) under {@code node}; null if none. */
    private static @Nullable Problem check(JsonNode node, Type type, Path path) {
        Class<?> raw = raw(type);
        if (raw == null) {
            return null;
        }
        if (raw.isRecord()) {
            if (!node.isObject()) {
                return new Problem(path, "expected an object, got " + kind(node));
            }
            for (Component c : components(raw)) {
                JsonNode v = node.get(c.name);
                if (v == null || v.isNull()) {
                    if (c.required) {
                        return new Problem(path.field(c.name), v == null ? "missing (required)" : "null (required)");
                    }
                    continue;
                }
                Problem p = check(v, c.type, path.field(c.name));
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        Type element = null;
        if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType pt) {
            element = pt.getActualTypeArguments()[0];
        } else if (raw.isArray()) {
            element = type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
        }
        if (element != null) {
            if (!node.isArray()) {
                return null;   // Jackson's error says it better (and may accept a single value)
            }
            for (int i = 0; i < node.size(); i++) {
                Problem p = check(node.get(i), element, path.element(i));
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType pt && node.isObject()) {
            Type value = pt.getActualTypeArguments()[1];
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Problem p = check(e.getValue(), value, path.field(e.getKey()));
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static @Nullable Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof GenericArrayType g) {
            Class<?> component = raw(g.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null;
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isNull() ? "null" : "an object";
    }

    static List<String> requiredNames(Class<?> record) {
        return java.util.Arrays.stream(components(record)).filter(Component::required).map(Component::name).toList();
    }
}
