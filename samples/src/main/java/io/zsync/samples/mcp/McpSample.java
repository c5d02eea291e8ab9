package io.zsync.samples.mcp;

import io.zsync.Zsync;
import io.zsync.jsonrpc.JsonRpcServer;
import io.zsync.jsonrpc.Progress;
import io.zsync.jsonrpc.mcp.McpServer;
import java.time.Duration;

/**
 * An MCP server over stdio with four tools: {@code add} (two integers), {@code word_count} (a text), {@code
 * slow_count} (counts to n, one step each 100 ms, reporting progress; a cancelled call stops at once) and {@code jobs}
 * (how many slow counts are running).
 *
 * <p>Configure an MCP client to run: {@code java -cp <the samples' class path> io.zsync.samples.mcp.McpSample}.
 */
public final class McpSample {
    private McpSample() {
    }

    record Add(int a, int b) {
    }

    record Words(String text) {
    }

    record Count(int n) {
    }

    /** The server, for main and for tests. */
    public static JsonRpcServer server() {
        java.util.concurrent.atomic.AtomicInteger counting = new java.util.concurrent.atomic.AtomicInteger();
        return McpServer.builder("zsync-mcp-sample", "0.1")
                .instructions("Small arithmetic and text tools; slow_count shows progress and cancellation.")
                .tool("add", "Adds two integers", Add.class, (ctx, args) -> String.valueOf(args.a() + args.b()))
                .tool("word_count", "Counts the words of a text", Words.class,
                        (ctx, args) -> String.valueOf(args.text().isBlank() ? 0 : args.text().trim().split("\\s+").length))
                .tool("jobs", "How many slow_count calls are running now", Void.class,
                        (ctx, args) -> String.valueOf(counting.get()))
                .tool("slow_count", "Counts to n, one step each 100 ms, with progress", Count.class, (ctx, args) -> {
                    counting.incrementAndGet();
                    try (Progress progress = ctx.progress("counting")) {
                        for (int i = 1; i <= args.n(); i++) {
                            Zsync.sleep(Duration.ofMillis(100));
                            progress.report("at " + i, 100 * i / args.n());
                        }
                    } finally {
                        counting.decrementAndGet();
                    }
                    return "counted to " + args.n();
                })
                .build();
    }

    /**
     * Serves standard input and output until the client closes them.
     *
     * @param args ignored
     * @throws Exception if the runtime fails
     */
    public static void main(String[] args) throws Exception {
        int status = Zsync.run(() -> server().serveStdio());
        if (status != 0) {
            System.exit(status);
        }   // 0: main returns and the JVM ends (no zsync thread keeps it alive), without System.exit's logger look-up
    }
}
