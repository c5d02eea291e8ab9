package io.zsync.jsonrpc;

import org.jspecify.annotations.Nullable;

/**
 * Answers a request: plain blocking code in a zsync task of its own.
 *
 * @param <P> the params' type: a record (checked field by field: a missing or wrong-typed field is answered with
 *     {@link ErrorCodes#INVALID_PARAMS} naming its path), {@link RawJson}, or {@code Void} for none
 * @param <R> the result's type: a record, a map, a list, a string, a number, {@link RawJson}, or null
 */
@FunctionalInterface
public interface RequestHandler<P, R> {
    /**
     * Computes the result.
     *
     * @param context the request's context
     * @param params the params
     * @return the result (null is sent as {@code null})
     * @throws Exception answered as an error: a {@link JsonRpcException}'s code, else {@link ErrorCodes#INTERNAL_ERROR}
     */
    @Nullable R handle(Context context, P params) throws Exception;
}
