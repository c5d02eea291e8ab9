package io.zsync.http.internal;

import io.zsync.http.Handler;
import io.zsync.http.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The route table: literal paths in a hash map (one lookup for the common case), patterns with parameters or a
 * trailing {@code *} in a list, most specific first. Built by the builder's thread, then frozen and only read.
 */
public final class Routes {
    private final Map<String, Map<Method, Handler>> literal = new HashMap<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private boolean frozen;

    /** Adds a route; see HttpServer.Builder.route. */
    public void add(Method method, String pattern, Handler handler) {
        if (frozen) {
            throw new IllegalStateException("routes cannot change once the server started");
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern must start with / but was \"" + pattern + "\"");
        }
        String[] segments = segments(pattern);
        boolean isLiteral = true;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("*")) {
                if (i != segments.length - 1) {
                    throw new IllegalArgumentException("* may only be the last segment of a route pattern: \""
                            + pattern + "\"");
                }
                isLiteral = false;
            } else if (s.startsWith("{")) {
                if (!s.endsWith("}") || s.length() < 3) {
                    throw new IllegalArgumentException("a parameter segment is {name}, in \"" + pattern + "\"");
                }
                isLiteral = false;
            } else if (s.contains("{") || s.contains("}") || s.contains("*")) {
                throw new IllegalArgumentException("{name} and * must be whole segments, in \"" + pattern + "\"");
            }
        }
        if (isLiteral) {
            Map<Method, Handler> byMethod = literal.computeIfAbsent(pattern, p -> new HashMap<>());
            if (byMethod.putIfAbsent(method, handler) != null) {
                throw duplicate(method, pattern);
            }
            return;
        }
        for (Pattern p : patterns) {
            if (p.pattern.equals(pattern)) {
                if (p.handlers.putIfAbsent(method, handler) != null) {
                    throw duplicate(method, pattern);
                }
                return;
            }
        }
        Pattern p = new Pattern(pattern, segments);
        p.handlers.put(method, handler);
        patterns.add(p);
    }

    private static IllegalArgumentException duplicate(Method method, String pattern) {
        return new IllegalArgumentException("a route for " + method + " " + pattern + " was added already");
    }

    /**
     * A frozen copy, for a server to read: most specific patterns first (more literal segments; then the order
     * added). The builder may go on adding to this one.
     */
    public Routes freeze() {
        Routes copy = new Routes();
        literal.forEach((path, byMethod) -> copy.literal.put(path, Map.copyOf(byMethod)));
        copy.patterns.addAll(patterns);
        copy.patterns.sort((a, b) -> Integer.compare(b.literals, a.literals));   // stable: order added among equals
        copy.frozen = true;
        return copy;
    }

    /** What a request's method and raw path lead to. */
    sealed interface Match permits Found, NotFound, NotAllowed {
    }

    /** A handler, and the path parameters its pattern gave (raw, not yet decoded). */
    record Found(Handler handler, Map<String, String> params) implements Match {
    }

    /** No route has this path. */
    record NotFound() implements Match {
    }

    /** Routes have this path, for other methods: {@code allow} lists them. */
    record NotAllowed(String allow) implements Match {
    }

    private static final NotFound NOT_FOUND = new NotFound();

    Match find(String method, String path) {
        @Nullable Method m = methodOf(method);
        Map<Method, Handler> byMethod = literal.get(path);
        if (byMethod != null) {
            Handler h = pick(byMethod, m);
            return h != null ? new Found(h, Map.of()) : new NotAllowed(allow(byMethod.keySet()));
        }
        if (!patterns.isEmpty()) {
            String[] segments = segments(path);
            Set<Method> allowed = null;
            for (Pattern p : patterns) {
                Map<String, String> params = p.match(segments);
                if (params != null) {
                    Handler h = pick(p.handlers, m);
                    if (h != null) {
                        return new Found(h, params);
                    }
                    if (allowed == null) {
                        allowed = EnumSet.noneOf(Method.class);
                    }
                    allowed.addAll(p.handlers.keySet());
                }
            }
            if (allowed != null) {
                return new NotAllowed(allow(allowed));
            }
        }
        return NOT_FOUND;
    }

    private static @Nullable Handler pick(Map<Method, Handler> byMethod, @Nullable Method m) {
        if (m == null) {
            return null;
        }
        Handler h = byMethod.get(m);
        return h == null && m == Method.HEAD ? byMethod.get(Method.GET) : h;
    }

    private static String allow(Set<Method> methods) {
        Set<Method> all = EnumSet.copyOf(methods);
        if (all.contains(Method.GET)) {
            all.add(Method.HEAD);
        }
        StringJoiner j = new StringJoiner(", ");
        for (Method m : all) {
            j.add(m.name());
        }
        return j.toString();
    }

    private static @Nullable Method methodOf(String method) {
        return switch (method) {
            case "GET" -> Method.GET;
            case "HEAD" -> Method.HEAD;
            case "POST" -> Method.POST;
            case "PUT" -> Method.PUT;
            case "DELETE" -> Method.DELETE;
            case "PATCH" -> Method.PATCH;
            case "OPTIONS" -> Method.OPTIONS;
            default -> null;
        };
    }

    /** The segments of a path: "/a/b" gives [a, b]; "/" gives []; a trailing slash gives a last empty segment. */
    static String[] segments(String path) {
        if (path.length() <= 1) {
            return new String[0];
        }
        return path.substring(1).split("/", -1);
    }

    private static final class Pattern {
        final String pattern;
        final String[] segments;
        final int literals;
        final boolean rest;
        final Map<Method, Handler> handlers = new HashMap<>();

        Pattern(String pattern, String[] segments) {
            this.pattern = pattern;
            this.rest = segments.length > 0 && segments[segments.length - 1].equals("*");
            this.segments = rest ? java.util.Arrays.copyOf(segments, segments.length - 1) : segments;
            int n = 0;
            for (String s : this.segments) {
                if (!s.startsWith("{")) {
                    n++;
                }
            }
            this.literals = n;
        }

        @Nullable Map<String, String> match(String[] path) {
            if (rest ? path.length < segments.length : path.length != segments.length) {
                return null;
            }
            Map<String, String> params = null;
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (s.startsWith("{")) {
                    if (path[i].isEmpty()) {
                        return null;
                    }
                    if (params == null) {
                        params = new HashMap<>(4);
                    }
                    params.put(s.substring(1, s.length() - 1), path[i]);
                } else if (!s.equals(path[i])) {
                    return null;
                }
            }
            return params == null ? Map.of() : params;
        }
    }
}
