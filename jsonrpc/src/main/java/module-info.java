/**
 * JSON-RPC 2.0 on zsync: a reader that stops reading when its bounded channel is full, requests as cancellable tasks,
 * notifications in order per document, a writer that never makes a response wait behind notifications; and on it a
 * Language Server Protocol server and a Model Context Protocol server over stdio. See
 * {@link io.zsync.jsonrpc.JsonRpcServer}, {@link io.zsync.jsonrpc.lsp.LanguageServer} and
 * {@link io.zsync.jsonrpc.mcp.McpServer}.
 *
 * <p>JSON is Jackson's, internal to this module: parameters and results are your records (or {@link
 * io.zsync.jsonrpc.RawJson}). On the module path, open the packages of those records to {@code tools.jackson.databind}.
 */
module io.zsync.jsonrpc {
    requires transitive io.zsync.runtime;
    requires tools.jackson.databind;
    requires static org.jspecify;
    exports io.zsync.jsonrpc;
    exports io.zsync.jsonrpc.lsp;
    exports io.zsync.jsonrpc.mcp;
}
