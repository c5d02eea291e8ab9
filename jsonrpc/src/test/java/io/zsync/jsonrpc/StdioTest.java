package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Servers as child JVMs on their real standard input and output. */
@Timeout(120)
class StdioTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final Path NODE_CLIENTS = Path.of("src", "test", "node");

    private static Process start(String server, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StdioServers.class.getName(), server));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    private static void send(OutputStream out, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
    }

    /** Reads frames until a response (no "method") arrives. */
    private static JsonNode response(InputStream in) throws IOException {
        for (;;) {
            byte[] body = Conn.readFrame(in);
            if (body == null) {
                throw new IOException("the server closed its output");
            }
            JsonNode m = Conn.JSON.readTree(body);
            if (!m.has("method")) {
                return m;
            }
        }
    }

    private static String stderr(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aStrayPrintlnGoesToStandardErrorAndTheStreamLives() throws Exception {
        Process p = start("lsp");
        OutputStream out = p.getOutputStream();
        send(out, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
        send(out, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test/print\"}");
        send(out, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test/echo\",\"params\":{\"text\":\"after\"}}");
        out.flush();
        InputStream in = p.getInputStream();
        try {
            assertTrue(response(in).has("result"));
        } catch (IOException e) {
            throw new AssertionError("the server ended: " + stderr(p), e);
        }
        assertEquals("printed", response(in).path("result").asString());
        assertEquals("after", response(in).path("result").asString());
        send(out, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"shutdown\"}");
        out.flush();
        assertTrue(response(in).has("result"));
        send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        out.flush();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(stderr(p).contains("a stray line on stdout"), "the println went to standard error");
    }

    @Test
    void aFloodUnderSixtyFourMebibytesIsAppliedInOrderWithTheInboundChannelBounded() throws Exception {
        Process p = start("flood", "-Xmx64m");
        OutputStream out = new java.io.BufferedOutputStream(p.getOutputStream(), 1 << 16);
        int changes = 100_000;
        String text = "x".repeat(2048);
        send(out, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
        out.flush();
        InputStream in = p.getInputStream();
        assertTrue(response(in).has("result"));
        long t0 = System.nanoTime();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int v = 1; v <= changes; v++) {
                    send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
                            + "{\"uri\":\"file:///flood\",\"version\":" + v + "},\"contentChanges\":[{\"text\":\""
                            + text + "\"}]}}");
                }
                send(out, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/stats\",\"params\":{\"textDocument\":"
                        + "{\"uri\":\"file:///flood\"}}}");   // on the flood's lane: after every change
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        JsonNode stats = response(in).path("result");
        writer.join();
        System.out.printf("flood: %d changes of 2 KiB in %d ms, %s%n", changes, (System.nanoTime() - t0) / 1_000_000,
                stats);
        assertEquals(changes, stats.path("applied").asInt(), stats.toString());
        assertEquals(changes, stats.path("last").asInt(), stats.toString());
        assertEquals(0, stats.path("outOfOrder").asInt(), stats.toString());
        assertTrue(stats.path("highWater").asInt() <= stats.path("capacity").asInt(),
                "the inbound channel never held more than its capacity: " + stats);
        assertTrue(stats.path("heapMax").asLong() <= 64L * 1024 * 1024, "ran under -Xmx64m: " + stats);
        out.close();   // end of input without shutdown: status 1
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), stderr(p));
    }

    /** Whether the process runs: alive and not a zombie (Linux's /proc; elsewhere isAlive). */
    private static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String s = Files.readString(stat);
                return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException gone) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void whenTheEditorIsKilledTheServerIsGoneWithinTwoSeconds() throws Exception {
        assertTrue(Files.isDirectory(NODE_CLIENTS.resolve("node_modules")), "npm ci ran (install.sh)");
        Process parent = new ProcessBuilder("node", NODE_CLIENTS.resolve("parent.cjs").toString(), JAVA,
                System.getProperty("java.class.path"), StdioServers.class.getName(), "lsp")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertTrue(line != null && line.startsWith("{\"server\":"), "the parent started the server: " + line);
        long pid = Long.parseLong(line.replaceAll("\\D", ""));
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        assertTrue(server.isPresent() && server.get().isAlive(), "the server runs");
        long t0 = System.nanoTime();
        parent.destroyForcibly();   // SIGKILL: the editor cannot say goodbye
        // polled here: onExit() of a process that is not our child polls with growing pauses (over a second), and
        // isAlive() counts a zombie (the orphan exited, whoever adopted it has not reaped it yet: here over a second)
        while (running(pid) && System.nanoTime() - t0 < 10_000_000_000L) {
            Thread.sleep(2);
        }
        boolean gone = !running(pid);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("editor killed -> server gone in " + ms + " ms");
        assertTrue(gone, "the server exited after its editor died");
        assertTrue(ms < 2_000, "gone within 2 s (issue 18's bound), took " + ms + " ms");
    }
}
