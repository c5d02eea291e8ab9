package io.zsync.http.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zsync.http.Method;
import io.zsync.http.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes a whole connection over in-memory streams: any bytes from the client give well-formed responses and an
 * orderly end, and nothing reaches the uncaught handler (no failure but the parsers' own refusals, which are
 * answered). One target for arbitrary bytes, one for chunked request bodies.
 */
class ConnectionFuzzTest {
    private static final byte[] CHUNKED_POST = ("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static final Settings SETTINGS = settings();

    private static Settings settings() {
        Routes routes = new Routes();
        routes.add(Method.GET, "/", r -> Response.ok("ok"));
        routes.add(Method.POST, "/echo", r -> Response.bytes(200, "application/octet-stream", r.bodyBytes()));
        routes.add(Method.GET, "/users/{id}/*", r -> Response.ok(r.pathParam("id") + r.query("q")));
        return new Settings(0, InetAddress.getLoopbackAddress(), routes.freeze(), List.of(), 256, 2048, 20, 4096, 32,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), 10, Duration.ofSeconds(1), false);
    }

    @FuzzTest(maxDuration = "5m")
    void wholeConnection(byte[] input) throws Exception {
        serve(input);
    }

    @FuzzTest(maxDuration = "5m")
    void chunkedBody(byte[] input) throws Exception {
        byte[] all = new byte[CHUNKED_POST.length + input.length];
        System.arraycopy(CHUNKED_POST, 0, all, 0, CHUNKED_POST.length);
        System.arraycopy(input, 0, all, CHUNKED_POST.length, input.length);
        serve(all);
    }

    private static void serve(byte[] input) throws Exception {
        List<Throwable> reported = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryConnections.serve(SETTINGS, new ByteArrayInputStream(input), out, reported);
        assertTrue(reported.isEmpty(), () -> "reported: " + reported);
        String answer = out.toString(StandardCharsets.ISO_8859_1);
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 "), answer);
    }
}
