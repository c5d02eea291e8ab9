package io.zsync.jsonrpc;

import io.zsync.jsonrpc.internal.Json;

/**
 * A JSON value kept as text: for params or results whose shape a handler does not want as a record. As a handler's
 * params type it receives the params exactly as sent; as a result it is sent as it is.
 */
public final class RawJson {
    private final String text;

    private RawJson(String text) {
        this.text = text;
    }

    /**
     * A value from its JSON text.
     *
     * @param json one JSON value, for example {@code {"contents":"hello"}}
     * @return the value
     * @throws IllegalArgumentException if {@code json} is not exactly one JSON value
     */
    public static RawJson of(String json) {
        return new RawJson(Json.normalise(json));
    }

    /**
     * The value's JSON text, compact.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * The value's JSON text.
     *
     * @return {@link #text()}
     */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Equal if the texts are equal.
     *
     * @param o another object
     * @return whether {@code o} is a RawJson with the same text
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson r && r.text.equals(text);
    }

    /**
     * The text's hash.
     *
     * @return a hash code
     */
    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
