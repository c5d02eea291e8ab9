package io.zsync.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.http.Method;
import io.zsync.http.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How many reads a connection makes of its socket: a request that arrives in one piece is taken in one read, and a
 * large body is read straight into the handler's array. Each read is a system call (two, and a poller registration,
 * when the socket has nothing yet), so an extra one per request is a cost every request pays.
 */
@Timeout(30)
class ConnectionReadsTest {
    private static final int BODY = 4096;

    @Test
    void aSmallPostArrivingWholeIsReadInOneRead() throws Exception {
        byte[] post = post(BODY);
        Served s = serve(List.of(post, post, post), 64 * 1024);
        assertEquals(3, s.responses(), s.text);
        assertEquals(3 + 1, s.reads, "one read per request, and one for the end of the stream");
    }

    @Test
    void aLargeBodyIsReadStraightIntoTheHandlersArray() throws Exception {
        int size = 1 << 20;
        Served s = serve(List.of(post(size)), 64 * 1024);
        assertEquals(1, s.responses(), s.text);
        assertTrue(s.text.endsWith("x".repeat(100)), "the body is echoed whole");
        // delivered 64 KiB per read: 16 reads of the body, plus the end of the stream (258 through the old 4 KiB buffer)
        assertTrue(s.reads <= size / (64 * 1024) + 2, "reads: " + s.reads);
    }

    private static byte[] post(int size) {
        byte[] head = ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: " + size
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + size);
        Arrays.fill(all, head.length, all.length, (byte) 'x');
        return all;
    }

    private record Served(String text, int reads) {
        int responses() {
            return text.split("HTTP/1.1 200 ", -1).length - 1;
        }
    }

    /** Serves {@code pieces} (each delivered by reads of at most {@code maxRead} bytes, no read spanning two). */
    private static Served serve(List<byte[]> pieces, int maxRead) {
        Routes routes = new Routes();
        routes.add(Method.POST, "/echo", r -> Response.bytes(200, "application/octet-stream", r.bodyBytes()));
        Settings settings = new Settings(0, InetAddress.getLoopbackAddress(), routes.freeze(), List.of(), 8192,
                16384, 100, 16 << 20, 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                10, Duration.ofSeconds(1), false);
        List<Throwable> reported = new ArrayList<>();
        int[] reads = new int[1];
        InputStream in = new InputStream() {
            int piece;
            int at;

            @Override
            public int read() {
                throw new UnsupportedOperationException("the connection reads arrays");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reads[0]++;
                if (piece == pieces.size()) {
                    return -1;
                }
                byte[] p = pieces.get(piece);
                int n = Math.min(Math.min(len, maxRead), p.length - at);
                System.arraycopy(p, at, b, off, n);
                at += n;
                if (at == p.length) {
                    piece++;
                    at = 0;
                }
                return n;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryConnections.serve(settings, in, out, reported);
        assertTrue(reported.isEmpty(), () -> "reported: " + reported);
        return new Served(out.toString(StandardCharsets.ISO_8859_1), reads[0]);
    }
}
