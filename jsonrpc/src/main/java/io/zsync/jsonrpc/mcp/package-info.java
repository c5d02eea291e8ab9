/**
 * A Model Context Protocol server over stdio: {@link io.zsync.jsonrpc.mcp.McpServer}.
 */
@NullMarked
package io.zsync.jsonrpc.mcp;

import org.jspecify.annotations.NullMarked;
