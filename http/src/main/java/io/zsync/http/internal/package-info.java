/** The server's implementation: not API. */
@NullMarked
package io.zsync.http.internal;

import org.jspecify.annotations.NullMarked;
