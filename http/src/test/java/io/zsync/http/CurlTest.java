package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.testkit.Tools;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server against real clients on loopback: curl and h2load (HTTP/1.1 mode). */
@Timeout(120)
class CurlTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void clients() throws Exception {
        Tools.ensure("curl", "curl");
        Tools.ensure("h2load", "nghttp2-client");
    }

    private static HttpServer.Builder server() {
        return Servers.builder()
                .route(Method.GET, "/hello", r -> Response.ok("Hello, World!"))
                .route(Method.POST, "/sha256", r -> {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    long n = 0;
                    try (InputStream body = r.body()) {
                        byte[] buf = new byte[64 * 1024];
                        int k;
                        while ((k = body.read(buf)) >= 0) {
                            sha.update(buf, 0, k);
                            n += k;
                        }
                    }
                    return Response.ok(n + " " + HexFormat.of().formatHex(sha.digest()));
                })
                .route(Method.GET, "/events", r -> {
                    Channel<String> events = Zsync.bounded(1);
                    Zsync.spawn(() -> {
                        try {
                            for (int i = 1; i <= 3; i++) {
                                events.send("tick " + i);
                            }
                        } finally {
                            events.close();
                        }
                    });
                    return Response.sse(events, Duration.ofSeconds(30));
                });
    }

    private static Tools.Result curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        return Tools.run(command, 60);
    }

    @Test
    void getAndHead() throws Exception {
        Servers.with(server(), server -> {
            String url = "http://127.0.0.1:" + server.port() + "/hello";
            Tools.Result get = curl("-i", url);
            assertEquals(0, get.exit(), get.output());
            assertTrue(get.output().startsWith("HTTP/1.1 200 OK\r\n"), get.output());
            assertTrue(get.output().contains("\r\nContent-Length: 13\r\n"), get.output());
            assertTrue(get.output().contains("\r\nDate: "), get.output());
            assertTrue(get.output().contains("\r\nServer: zsync\r\n"), get.output());
            assertTrue(get.output().endsWith("\r\n\r\nHello, World!"), get.output());
            Tools.Result head = curl("-I", url);
            assertEquals(0, head.exit(), head.output());
            assertTrue(head.output().startsWith("HTTP/1.1 200 OK\r\n"), head.output());
            assertTrue(head.output().contains("\r\nContent-Length: 13\r\n"), head.output());
            assertTrue(head.output().endsWith("\r\n\r\n"), "no body: " + head.output());
        });
    }

    @Test
    void serverSentEventsWithCurlN() throws Exception {
        Servers.with(server(), server -> {
            Tools.Result r = curl("-N", "-i", "http://127.0.0.1:" + server.port() + "/events");
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("\r\nContent-Type: text/event-stream\r\n"), r.output());
            assertTrue(r.output().endsWith("\r\n\r\ndata: tick 1\n\ndata: tick 2\n\ndata: tick 3\n\n"), r.output());
        });
    }

    @Test
    void chunkedUploadArrivesWhole() throws Exception {
        Path file = dir.resolve("upload.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        Files.write(file, data);
        String expected = data.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(data));
        Servers.with(server(), server -> {
            Tools.Result r = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                    "http://127.0.0.1:" + server.port() + "/sha256");
            assertEquals(0, r.exit(), r.output());
            assertEquals(expected, r.output());
        });
    }

    @Test
    void aTooLargeUploadWithExpectContinueGets413() throws Exception {
        Path file = dir.resolve("big.bin");
        Files.write(file, new byte[20 * 1024 * 1024]);
        Servers.with(server(), server -> {
            Tools.Result r = curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Expect: 100-continue",
                    "--data-binary", "@" + file, "http://127.0.0.1:" + server.port() + "/sha256");
            assertEquals("413", r.output().trim(), r.output());
        });
    }

    @Test
    void h2loadBurstInHttp11ModeHasNoErrors() throws Exception {
        Servers.with(server(), server -> {
            Tools.Result r = Tools.run(List.of("h2load", "--h1", "-n", "2000", "-c", "16",
                    "http://127.0.0.1:" + server.port() + "/hello"), 60);
            assertEquals(0, r.exit(), r.output());
            Matcher m = Pattern.compile("requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded,"
                    + " (\\d+) failed, (\\d+) errored").matcher(r.output());
            assertTrue(m.find(), r.output());
            assertEquals("2000", m.group(3), "succeeded: " + r.output());
            assertEquals("0", m.group(4), "failed: " + r.output());
            assertEquals("0", m.group(5), "errored: " + r.output());
            assertTrue(r.output().contains("status codes: 2000 2xx"), r.output());
        });
    }
}
