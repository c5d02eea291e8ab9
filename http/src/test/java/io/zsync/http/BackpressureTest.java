package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backpressure end to end: a request body stays in the socket until the handler reads it, and a response stream
 * writes only as fast as the client reads.
 */
@Timeout(120)
class BackpressureTest {
    private static final long GIB = 1L << 30;

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aSlowHandlerReadingA1GibChunkedUploadAddsLittleHeap() throws Exception {
        AtomicLong peakAdded = new AtomicLong();
        HttpServer.Builder b = Servers.builder().maxBodyBytes(2 * GIB).route(Method.POST, "/slow", r -> {
            long base = usedHeapAfterGc();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            long nextPause = 0;
            try (InputStream in = r.body()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                    if (total >= nextPause) {   // slow: every 128 MiB it stops, while the client keeps sending
                        Zsync.sleep(Duration.ofMillis(100));
                        peakAdded.accumulateAndGet(usedHeapAfterGc() - base, Math::max);
                        nextPause += 128L << 20;
                    }
                }
            }
            return Response.ok(Long.toString(total));
        });
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                Task<Void> sender = Zsync.spawn(() -> {
                    c.send("POST /slow HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
                    byte[] chunk = new byte[64 * 1024 + 8 + 2];
                    byte[] size = "10000\r\n".getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(size, 0, chunk, 0, size.length);
                    chunk[size.length + 64 * 1024] = '\r';
                    chunk[size.length + 64 * 1024 + 1] = '\n';
                    byte[] whole = java.util.Arrays.copyOf(chunk, size.length + 64 * 1024 + 2);
                    for (long sent = 0; sent < GIB; sent += 64 * 1024) {
                        c.send(whole);
                    }
                    c.send("0\r\n\r\n");
                });
                sender.await();
                String response = c.readResponse();
                assertTrue(response.startsWith("HTTP/1.1 200 ") && response.endsWith("\r\n\r\n" + GIB), response);
            }
        });
        System.out.println("BackpressureTest: heap added while a handler read 1 GiB slowly (peak, after GC): "
                + (peakAdded.get() >> 10) + " KiB");
        assertTrue(peakAdded.get() < 32L << 20, "heap added: " + (peakAdded.get() >> 20) + " MiB");
    }

    @Test
    void aClientThatStopsReadingAnEventStreamBlocksTheChannelFeedingIt() throws Exception {
        AtomicLong sent = new AtomicLong();
        String event = "x".repeat(1000);
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/events", r -> {
            Channel<String> events = Zsync.bounded(16);
            Zsync.spawn(() -> {
                try {
                    for (;;) {
                        events.send(event);
                        sent.incrementAndGet();
                    }
                } finally {
                    events.close();
                }
            });
            return Response.sse(events);
        });
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(c.readResponseHead().startsWith("HTTP/1.1 200 "));
                long before;
                do {   // the client reads nothing more: the socket's buffers fill, then the channel, then it stops
                    before = sent.get();
                    Zsync.sleep(Duration.ofMillis(300));
                } while (sent.get() != before);
                System.out.println("BackpressureTest: events sent before the producer blocked: " + before);
                assertTrue(before < 50_000, "bounded by the socket's buffers and the channel: " + before);
                long read = 0;
                while (sent.get() == before && read < 256L << 20) {   // the client reads again: the producer goes on
                    c.readN(64 * 1024);
                    read += 64 * 1024;
                }
                assertTrue(sent.get() > before, "it went on once the client read (" + read + " bytes read)");
            }
        });
    }
}
