package io.zsync.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw TCP client on loopback: sends exact bytes, reads exact bytes, tells whether the server closed. */
final class Raw implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    Raw(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);   // a hang guard: no test waits this long for an answer
        in = socket.getInputStream();
    }

    Raw send(String s) throws IOException {
        return send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    Raw send(byte[] b) throws IOException {
        socket.getOutputStream().write(b);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until the server closes; returns everything read, as ISO-8859-1. */
    String readToClose() throws IOException {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            seen.write(buf, 0, n);
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one response (status line, headers, Content-Length or chunked body); returns it whole. */
    String readResponse() throws IOException {
        String h = readResponseHead();
        StringBuilder body = new StringBuilder();
        String lower = h.toLowerCase(java.util.Locale.ROOT);
        int cl = lower.indexOf("\r\ncontent-length: ");
        if (cl >= 0 && !h.startsWith("HTTP/1.1 1")) {
            int end = lower.indexOf("\r\n", cl + 2);
            int len = Integer.parseInt(h.substring(cl + 18, end).trim());
            if (!isHeadResponse) {
                for (int i = 0; i < len; i++) {
                    body.append((char) in.read());
                }
            }
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            for (;;) {
                String line = line();
                body.append(line).append("\r\n");
                int size = Integer.parseInt(line.split(";")[0], 16);
                if (size == 0) {
                    body.append(line()).append("\r\n");
                    break;
                }
                for (int i = 0; i < size + 2; i++) {
                    body.append((char) in.read());
                }
            }
        }
        return h + body;
    }

    private boolean isHeadResponse;

    /** Reads and drops {@code n} bytes (or up to the close). */
    void readN(int n) throws IOException {
        byte[] buf = new byte[8192];
        int left = n;
        while (left > 0) {
            int k = in.read(buf, 0, Math.min(buf.length, left));
            if (k < 0) {
                return;
            }
            left -= k;
        }
    }

    /** Reads a response's status line and headers only. */
    String readResponseHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the server closed the connection after " + head.length() + " bytes: " + head);
            }
            head.append((char) c);
        }
        return head.toString();
    }

    /** The next response answers a HEAD: its Content-Length describes no body. */
    Raw head() {
        isHeadResponse = true;
        return this;
    }

    /** One line, without its line end. */
    String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed mid-line");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** Whether the server closed the connection: the next read ends (within the hang guard). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;   // a reset is a close too
        }
    }

    /** Whether the connection is still open after {@code millis}: nothing arrives and no close. */
    boolean openAfter(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            int c = in.read();
            return false;   // data or end of stream: not an idle open connection
        } catch (SocketTimeoutException stillOpen) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** Ends what this client sends (FIN); reading goes on. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
