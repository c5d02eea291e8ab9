package io.zsync.bench.jsonrpc;

import io.zsync.Zsync;
import io.zsync.jsonrpc.mcp.McpServer;

/**
 * The zsync side of bench/jsonrpc's MCP benchmark: an {@link McpServer} over stdio with one tool, {@code add}, which
 * answers the text of {@code a + b} (as {@code McpSdkServer}'s does). Defaults otherwise.
 */
public final class ZsyncMcpServer {
    private ZsyncMcpServer() {
    }

    record Add(int a, int b) {
    }

    /**
     * Serves stdin and stdout until the client closes them.
     *
     * @param args ignored
     * @throws Exception if the runtime fails
     */
    public static void main(String[] args) throws Exception {
        int status = Zsync.run(() -> McpServer.builder("zsync-bench", "1.0")
                .tool("add", "Adds two integers", Add.class, (ctx, a) -> String.valueOf(a.a() + a.b()))
                .build()
                .serveStdio());
        if (status != 0) {
            System.exit(status);   // 0: main returns, and the JVM ends without System.exit's logger look-up
        }
    }
}
