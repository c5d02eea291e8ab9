/**
 * An HTTP/1.1 server on zsync: each connection is a task on a virtual thread of its own, the handler plain blocking
 * code called inline on it. See {@link io.zsync.http.HttpServer}.
 */
module io.zsync.http {
    requires transitive io.zsync.runtime;
    requires static org.jspecify;
    exports io.zsync.http;
}
