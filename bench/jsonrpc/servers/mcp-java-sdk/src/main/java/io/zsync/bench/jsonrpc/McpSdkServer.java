package io.zsync.bench.jsonrpc;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import tools.jackson.databind.json.JsonMapper;

/**
 * The peer of {@code ZsyncMcpServer} in bench/jsonrpc: the MCP Java SDK's synchronous server on its stdio transport
 * ({@code McpServer.sync(new StdioServerTransportProvider(mapper))}, as the SDK's documentation shows it) with one
 * tool, {@code add}, whose input schema is the one zsync derives from its record ({@code a}, {@code b}: integers,
 * both required) and which answers the text of {@code a + b}. Defaults otherwise.
 */
public final class McpSdkServer {
    private McpSdkServer() {
    }

    private static final String ADD_SCHEMA = """
            {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}""";

    /**
     * Serves stdin and stdout; the transport's threads keep the JVM alive until stdin ends.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.builder().build());
        Tool add = Tool.builder().name("add").description("Adds two integers").inputSchema(mapper, ADD_SCHEMA).build();
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper))
                .serverInfo("mcp-java-sdk-bench", "1.0")
                .capabilities(ServerCapabilities.builder().tools(true).build())
                .toolCall(add, (exchange, request) -> {
                    int a = ((Number) request.arguments().get("a")).intValue();
                    int b = ((Number) request.arguments().get("b")).intValue();
                    return CallToolResult.builder().addTextContent(String.valueOf(a + b)).isError(false).build();
                })
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeGracefully));
    }
}
