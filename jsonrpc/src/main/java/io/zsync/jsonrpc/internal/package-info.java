/** The engine behind io.zsync.jsonrpc: framing, JSON, the reader, dispatcher, lanes and writer. Not API. */
@NullMarked
package io.zsync.jsonrpc.internal;

import org.jspecify.annotations.NullMarked;
