package io.zsync.jsonrpc;

import io.zsync.Zsync;
import io.zsync.jsonrpc.lsp.LanguageServer;
import java.util.Map;

/** Servers over the real stdio, for the tests that start them as child JVMs (StdioTest). */
public final class StdioServers {
    private StdioServers() {
    }

    record Doc(String uri, int version) {
    }

    record Change(String text) {
    }

    record DidChange(Doc textDocument, java.util.List<Change> contentChanges) {
    }

    /** The flood server: each change takes 100 µs; test/stats tells what was applied, in what order. */
    static JsonRpcServer flood() {
        int[] state = new int[3];   // applied, last version, versions out of order (lane: one at a time)
        return LanguageServer.builder()
                .notification("textDocument/didChange", DidChange.class, (ctx, p) -> {
                    long until = System.nanoTime() + 100_000;   // 100 µs of work
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    int v = p.textDocument().version();
                    if (v != state[1] + 1) {
                        state[2]++;
                    }
                    state[1] = v;
                    state[0]++;
                })
                .request("test/stats", RawJson.class, (ctx, p) -> {
                    ConnectionStats s = ctx.connectionStats();
                    Runtime rt = Runtime.getRuntime();
                    return Map.of("applied", state[0], "last", state[1], "outOfOrder", state[2],
                            "highWater", s.inboundHighWater(), "capacity", s.inboundCapacity(),
                            "heapMax", rt.maxMemory());
                })
                .build();
    }

    /**
     * Serves {@code args[0]} ("lsp" or "flood") on standard input and output.
     *
     * @param args the server's name
     * @throws Exception if the runtime fails
     */
    public static void main(String[] args) throws Exception {
        JsonRpcServer server = switch (args[0]) {
            case "lsp" -> LspMalformedInputTest.server();
            case "flood" -> flood();
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.exit(Zsync.run(server::serveStdio));
    }
}
