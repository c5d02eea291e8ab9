package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Upgrade/101 hook: after 101 the connection belongs to the handler, bytes sent right behind the request come
 * first, the connection closes when the handler returns; an upgrade nobody asked for is the handler's mistake: 500
 * and a report.
 */
@Timeout(60)
class UpgradeTest {
    private static final String HOST = "Host: localhost\r\n";

    /** A line-echo "protocol": each line comes back upper-cased until "bye". */
    private static HttpServer.Builder echo(CompletableFuture<String> ended) {
        return Servers.builder().route(Method.GET, "/echo", r -> {
            String asked = r.header("Upgrade");
            if (asked == null || !asked.toLowerCase(java.util.Locale.ROOT).contains("echo")) {
                return Response.text(426, "upgrade to echo\n");
            }
            return Response.upgrade("echo", (in, out) -> {
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                PrintStream replies = new PrintStream(out, true, StandardCharsets.UTF_8);
                String line;
                while ((line = lines.readLine()) != null && !line.equals("bye")) {
                    replies.print(line.toUpperCase() + "\n");
                }
                ended.complete(line == null ? "end of stream" : "bye");
            }).header("X-Echo", "1");
        });
    }

    @Test
    void switchesAndHandsTheConnectionOverWithTheBytesSentBehindTheRequest() throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        Servers.with(echo(ended), server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET /echo HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: echo\r\n\r\nalready sent\n");
                String head = c.readResponseHead();
                assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
                assertTrue(head.contains("\r\nConnection: Upgrade\r\n") && head.contains("\r\nUpgrade: echo\r\n")
                        && head.contains("\r\nX-Echo: 1\r\n"), head);
                assertEquals("ALREADY SENT", c.line());
                c.send("second\n");
                assertEquals("SECOND", c.line());
                c.send("bye\n");
                assertTrue(c.closedByServer(), "closed when the handler returned");
            }
            assertEquals("bye", ended.get(10, TimeUnit.SECONDS));
        });
    }

    @Test
    void theClientsCloseEndsTheUpgradedHandler() throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        Servers.with(echo(ended), server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET /echo HTTP/1.1\r\n" + HOST + "Connection: Upgrade\r\nUpgrade: WebSocket, echo\r\n\r\n");
                assertTrue(c.readResponseHead().startsWith("HTTP/1.1 101 "));
                c.send("x\n");
                assertEquals("X", c.line());
            }
            assertEquals("end of stream", ended.get(10, TimeUnit.SECONDS));
        });
    }

    @Test
    void anUpgradeTheRequestDidNotAskForIs500AndReported() throws Exception {
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/", r -> Response.upgrade("echo", (in, out) -> {
            throw new AssertionError("never switched");
        }));
        Servers.withReports(b, server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET / HTTP/1.1\r\n" + HOST + "Upgrade: h2c\r\n\r\n").readResponse();
                assertTrue(r.startsWith("HTTP/1.1 500 "), r);
                assertTrue(c.closedByServer());
            }
        });
        assertEquals(1, Servers.REPORTED.size(), Servers.REPORTED.toString());
        assertInstanceOf(IllegalStateException.class, Servers.REPORTED.get(0));
        assertTrue(Servers.REPORTED.get(0).getMessage().contains("Upgrade: h2c"), Servers.REPORTED.toString());
    }

    @Test
    void theProtocolMustBeAToken() {
        assertThrows(IllegalArgumentException.class, () -> Response.upgrade("", (in, out) -> { }));
        assertThrows(IllegalArgumentException.class, () -> Response.upgrade("a\r\nb", (in, out) -> { }));
    }
}
