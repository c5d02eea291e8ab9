package io.zsync.http;

/** The request methods a route can be registered for (RFC 9110 §9, and PATCH). */
public enum Method {
    /** Transfers a representation of the target; its routes serve HEAD too. */
    GET,
    /** As GET, without the body; served by GET routes unless a HEAD route is registered. */
    HEAD,
    /** Processes the enclosed representation. */
    POST,
    /** Replaces the target's representation. */
    PUT,
    /** Removes the target's representation. */
    DELETE,
    /** Applies a partial modification (RFC 5789). */
    PATCH,
    /** Describes the communication options. */
    OPTIONS
}
