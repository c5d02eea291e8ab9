/**
 * JSON-RPC 2.0 servers on zsync tasks and channels: {@link io.zsync.jsonrpc.JsonRpcServer} and what its handlers
 * see ({@link io.zsync.jsonrpc.Context}, {@link io.zsync.jsonrpc.Client}, {@link io.zsync.jsonrpc.Progress}).
 */
@NullMarked
package io.zsync.jsonrpc;

import org.jspecify.annotations.NullMarked;
