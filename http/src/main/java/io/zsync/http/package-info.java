/**
 * An HTTP/1.1 server on zsync. Start one with {@link io.zsync.http.HttpServer#builder()}; a {@link
 * io.zsync.http.Handler} turns a {@link io.zsync.http.Request} into a {@link io.zsync.http.Response}, as plain
 * blocking code on the connection's own virtual thread.
 */
@NullMarked
package io.zsync.http;

import org.jspecify.annotations.NullMarked;
