package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/** Request and response bodies as Publishers, with Reactor and the JDK's SubmissionPublisher. */
@Timeout(60)
class PublisherBodyTest {
    private static final String HOST = "Host: x\r\n";

    @Test
    void aRequestBodyAsAFluxAndAResponseFromOne() throws Exception {
        HttpServer.Builder b = Servers.builder()
                .route(Method.POST, "/count", r -> Response.ok(Long.toString(
                        Flux.from(r.bodyPublisher()).map(ByteBuffer::remaining).reduce(0L, Long::sum).block())))
                .route(Method.GET, "/lines", r -> Response.publisher("text/plain", Flux.range(1, 1000)
                        .map(i -> ByteBuffer.wrap(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII)))));
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("POST /count HTTP/1.1\r\n" + HOST + "Content-Length: 1048576\r\n\r\n").send(new byte[1 << 20]);
                String r = c.readResponse();
                assertTrue(r.endsWith("\r\n\r\n1048576"), r);
                String lines = c.send("GET /lines HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
                assertTrue(lines.contains("\r\nTransfer-Encoding: chunked\r\n"), lines);
                for (int i = 1; i <= 1000; i++) {
                    assertTrue(lines.contains("line " + i + "\n"), "line " + i);
                }
                assertTrue(c.openAfter(100), "and the connection is kept");
            }
        });
    }

    @Test
    void aMalformedChunkedBodyFailsTheFluxAndTheClientGets400() throws Exception {
        HttpServer.Builder b = Servers.builder().route(Method.POST, "/count", r -> Response.ok(Long.toString(
                Flux.from(r.bodyPublisher()).map(ByteBuffer::remaining).reduce(0L, Long::sum).block())));
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.send("POST /count HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\nzz\r\n").readToClose();
                assertTrue(r.startsWith("HTTP/1.1 400 ") && r.contains("malformed chunked body"), r);
            }
        });
    }

    @Test
    void aResponsePublisherIsAskedOnlyForWhatTheClientTakes() throws Exception {
        AtomicLong requested = new AtomicLong();
        byte[] kib = new byte[1024];
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/endless", r -> Response.publisher(
                "application/octet-stream", Flux.<ByteBuffer>generate(sink -> sink.next(ByteBuffer.wrap(kib)))
                        .doOnRequest(n -> requested.addAndGet(n))));
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET /endless HTTP/1.1\r\n" + HOST + "\r\n");
                assertTrue(c.readResponseHead().startsWith("HTTP/1.1 200 "));
                long before;
                do {   // the client reads nothing more
                    before = requested.get();
                    Zsync.sleep(Duration.ofMillis(300));
                } while (requested.get() != before);
                System.out.println("PublisherBodyTest: KiB requested before the publisher was held back: " + before);
                assertTrue(before < 64 * 1024, "held back by the socket, not buffered: " + before + " KiB requested");
            }
        });
    }

    @Test
    void aFlowPublisherResponse() throws Exception {
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/flow", r -> {
            SubmissionPublisher<ByteBuffer> p = new SubmissionPublisher<>();
            Zsync.spawn(() -> {
                try (p) {
                    while (p.getNumberOfSubscribers() == 0) {
                        Zsync.sleep(Duration.ofMillis(1));
                    }
                    for (int i = 0; i < 3; i++) {
                        p.submit(ByteBuffer.wrap(("part " + i + ";").getBytes(StandardCharsets.US_ASCII)));
                    }
                }
            });
            return Response.flowPublisher("text/plain", p);
        });
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET /flow HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
                String body = r.substring(r.indexOf("\r\n\r\n") + 4).replaceAll("[0-9a-f]+\r\n", "")
                        .replace("\r\n", "");
                assertEquals("part 0;part 1;part 2;", body, r);
            }
        });
    }
}
