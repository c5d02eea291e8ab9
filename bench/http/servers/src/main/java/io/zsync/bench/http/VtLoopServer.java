package io.zsync.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * "The VT loop": a {@link ServerSocket} and one virtual thread per connection, parsing just enough HTTP/1.1 to serve
 * the contract. Keep-alive; each read is scanned for every complete request in the buffer (head up to the blank line,
 * then {@code Content-Length} bytes of body), each answered with fixed bytes into one output buffer, written once per
 * read: pipelined requests cost one write per burst. No chunked bodies (501), no validation beyond that: the floor of
 * what a virtual-thread server can cost, not a server to deploy.
 */
public final class VtLoopServer {
    private static final int MAX_REQUEST = 1 << 20;
    private static final byte[] NOT_FOUND = response("404 Not Found", null, 0, "");
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] NOT_IMPLEMENTED = response("501 Not Implemented", null, 0, "Connection: close\r\n");

    private static volatile Cached cached = new Cached(-1, new byte[0], new byte[0]);   // remade once a second

    /** The plaintext response and the echo's head up to its Content-Length, both with this second's Date. */
    private record Cached(long second, byte[] plaintext, byte[] echoHead) {}

    private VtLoopServer() {}

    public static void main(String[] args) throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Contract.port(args)), 1024);
            System.out.println("vt-loop listening on 127.0.0.1:" + listener.getLocalPort());
            while (true) {
                Socket socket = listener.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[16 * 1024];
            int start = 0;     // first byte not yet consumed
            int end = 0;       // end of the bytes read
            Output pending = new Output();
            while (true) {
                if (end == buf.length) {
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    } else if (buf.length < MAX_REQUEST) {
                        buf = Arrays.copyOf(buf, Math.min(MAX_REQUEST, buf.length * 2));
                    } else {
                        return;   // a request larger than 1 MiB: not in the contract
                    }
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return;
                }
                end += n;
                boolean close = false;
                while (true) {
                    int headEnd = blankLine(buf, start, end);
                    if (headEnd < 0) {
                        break;
                    }
                    Head head = Head.parse(buf, start, headEnd);
                    if (head.chunked) {
                        pending.write(NOT_IMPLEMENTED);
                        close = true;
                        break;
                    }
                    long total = headEnd - start + head.contentLength;
                    if (total > MAX_REQUEST) {
                        return;
                    }
                    if (headEnd + head.contentLength > end) {
                        if (total > buf.length) {   // make room for the whole request, then read on
                            byte[] bigger = new byte[(int) total];
                            System.arraycopy(buf, start, bigger, 0, end - start);
                            end -= start;
                            start = 0;
                            buf = bigger;
                        }
                        break;
                    }
                    int bodyStart = headEnd;
                    start = headEnd + (int) head.contentLength;
                    answer(head, buf, bodyStart, start, pending);
                    if (head.close) {
                        close = true;
                        break;
                    }
                }
                pending.flushTo(out);
                if (close) {
                    return;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to do
        }
    }

    private static void answer(Head head, byte[] buf, int bodyStart, int bodyEnd, Output pending) {
        Cached c = cached();
        if (head.is("GET", Contract.PLAINTEXT)) {
            pending.write(c.plaintext);
        } else if (head.is("POST", Contract.ECHO)) {
            pending.write(c.echoHead);
            pending.write(Integer.toString(bodyEnd - bodyStart).getBytes(StandardCharsets.US_ASCII));
            pending.write(CRLF_CRLF);
            pending.write(buf, bodyStart, bodyEnd - bodyStart);
        } else {
            pending.write(NOT_FOUND);
        }
    }

    private static Cached cached() {
        long now = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != now) {
            String date = "Date: " + Contract.date() + "\r\n";
            byte[] plaintext = concat(response("200 OK", Contract.TEXT_PLAIN, Contract.HELLO_BYTES.length, date),
                    Contract.HELLO_BYTES);
            byte[] echoHead = ("HTTP/1.1 200 OK\r\nServer: vt-loop\r\n" + date + "Content-Type: "
                    + Contract.OCTET_STREAM + "\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
            c = new Cached(now, plaintext, echoHead);
            cached = c;
        }
        return c;
    }

    /** A head with {@code Content-Length: length} and the blank line; the body follows separately. */
    private static byte[] response(String status, String contentType, int length, String extra) {
        String head = "HTTP/1.1 " + status + "\r\nServer: vt-loop\r\n" + extra
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + length + "\r\n\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The index just past the first CRLF CRLF in {@code [from, to)}, or -1. */
    private static int blankLine(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** What the loop needs from a head: method and path, body length, whether to close after it. */
    private static final class Head {
        private final byte[] buf;
        private final int methodEnd;
        private final int start;
        private final int targetEnd;
        long contentLength;
        boolean chunked;
        boolean close;

        private Head(byte[] buf, int start, int methodEnd, int targetEnd) {
            this.buf = buf;
            this.start = start;
            this.methodEnd = methodEnd;
            this.targetEnd = targetEnd;
        }

        static Head parse(byte[] buf, int start, int end) {
            int sp1 = indexOf(buf, start, end, (byte) ' ');
            int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, end, (byte) ' ');
            Head head = new Head(buf, start, Math.max(sp1, start), sp2 < 0 ? Math.max(sp1, start) : sp2);
            int line = indexOf(buf, start, end, (byte) '\n') + 1;
            head.close = sp2 >= 0 && startsWithIgnoreCase(buf, sp2 + 1, end, "HTTP/1.0");
            while (line > 0 && line < end - 2) {
                int lineEnd = indexOf(buf, line, end, (byte) '\n');
                if (startsWithIgnoreCase(buf, line, lineEnd, "content-length:")) {
                    head.contentLength = parseLong(buf, line + 15, lineEnd);
                } else if (startsWithIgnoreCase(buf, line, lineEnd, "transfer-encoding:")) {
                    head.chunked = true;
                } else if (startsWithIgnoreCase(buf, line, lineEnd, "connection:")) {
                    String value = new String(buf, line + 11, lineEnd - line - 11, StandardCharsets.US_ASCII)
                            .trim().toLowerCase(Locale.ROOT);
                    head.close = value.contains("close") || (head.close && !value.contains("keep-alive"));
                }
                line = lineEnd + 1;
            }
            return head;
        }

        boolean is(String method, String path) {
            return equals(start, methodEnd, method) && equals(methodEnd + 1, targetEnd, path);
        }

        private boolean equals(int from, int to, String s) {
            if (to - from != s.length()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (buf[from + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private static int indexOf(byte[] buf, int from, int to, byte b) {
            for (int i = from; i < to; i++) {
                if (buf[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean startsWithIgnoreCase(byte[] buf, int from, int to, String prefix) {
            if (to - from < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (Character.toLowerCase((char) buf[from + i]) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private static long parseLong(byte[] buf, int from, int to) {
            long v = 0;
            for (int i = from; i < to; i++) {
                byte b = buf[i];
                if (b >= '0' && b <= '9') {
                    v = v * 10 + (b - '0');
                }
            }
            return v;
        }
    }

    /** A growable byte buffer, written to the socket once per read. */
    private static final class Output {
        private byte[] bytes = new byte[16 * 1024];
        private int size;

        void write(byte[] b) {
            write(b, 0, b.length);
        }

        void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        void flushTo(OutputStream out) throws IOException {
            if (size > 0) {
                out.write(bytes, 0, size);
                out.flush();
                size = 0;
            }
        }
    }
}
