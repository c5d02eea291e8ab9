/** zsync's samples: the tour and one program per use case. Uses exported API only. */
module io.zsync.samples {
    requires io.zsync.runtime;
    requires io.zsync.streams;    // the tour's mapConcurrent step
    requires io.zsync.interop;    // README's interop example (ReadmeExamplesTest)
    requires io.zsync.http;       // the HTTP server and client samples
    requires io.zsync.jsonrpc;    // the LSP and MCP samples
    opens io.zsync.samples.lsp to tools.jackson.databind;   // their params records, read by the JSON mapper
    opens io.zsync.samples.mcp to tools.jackson.databind;
    requires io.zsync.tui;        // the task monitor
    requires java.net.http;       // the client sample's JDK HttpClient
    requires reactor.core;        // the pipeline sample's middle stage (an automatic module)
}
