package io.zsync.jsonrpc.internal;

import io.zsync.jsonrpc.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reading and writing frames: LSP's Content-Length headers, or MCP's one message per line.
 */
abstract class Frames {
    /*
     * Maintainer notes.
     *
     * A reader owns its buffer; next() returns one message's bytes, null at the end of the input, or throws
     * BadFrame, after which next() may be called again: the bad frame has been skipped. Nothing is buffered beyond
     * one message (a body over the limit is read and dropped in buffer-sized pieces).
     *
     * Content-Length resynchronisation: after a frame without a usable length the reader cannot know where its body
     * ends, so it scans for the next "Content-Length:" (any case) anywhere in the stream: bodies are usually one line
     * and the next header follows the body's last byte directly, so a line-start rule would skip good frames.
     */

    static final int HEADER_LIMIT = 8 * 1024;
    private static final byte[] LENGTH_NAME = "content-length:".getBytes(StandardCharsets.US_ASCII);

    final InputStream in;
    final int limit;
    final byte[] buf = new byte[16 * 1024];
    int pos;
    int lim;
    boolean eof;

    Frames(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    static Frames reader(Framing framing, InputStream in, int limit) {
        return framing == Framing.CONTENT_LENGTH ? new ContentLength(in, limit) : new Lines(in, limit);
    }

    /** One frame for {@code body}. */
    static void write(Framing framing, OutputStream out, byte[] body) throws IOException {
        if (framing == Framing.CONTENT_LENGTH) {
            out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        } else {
            out.write(body);
            out.write('\n');
        }
    }

    /** The next message, or null at the end of the input. */
    abstract byte @Nullable [] next() throws IOException, BadFrame;

    /** A frame that was skipped; the message says why and what to do. */
    static final class BadFrame extends Exception {
        private static final long serialVersionUID = 1L;

        BadFrame(String message) {
            super(message, null, false, false);
        }
    }

    /** Fills the buffer if empty; false at the end of the input. */
    final boolean fill() throws IOException {
        if (pos < lim) {
            return true;
        }
        if (eof) {
            return false;
        }
        pos = 0;
        lim = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        lim = n;
        return true;
    }

    /** Reads exactly {@code n} bytes; null if the input ends first (then {@link #eof}). */
    final byte @Nullable [] readExactly(int n) throws IOException {
        byte[] body = new byte[n];
        int got = 0;
        while (got < n) {
            if (pos < lim) {
                int k = Math.min(n - got, lim - pos);
                System.arraycopy(buf, pos, body, got, k);
                pos += k;
                got += k;
            } else if (eof) {
                return null;
            } else {
                int r = in.read(body, got, n - got);   // large bodies: straight into place
                if (r <= 0) {
                    eof = true;
                    return null;
                }
                got += r;
            }
        }
        return body;
    }

    /** Skips {@code n} bytes; the number actually skipped (less at the end of the input). */
    final long skip(long n) throws IOException {
        long left = n;
        while (left > 0 && fill()) {
            int k = (int) Math.min(left, lim - pos);
            pos += k;
            left -= k;
        }
        return n - left;
    }

    // ---- LSP ----

    static final class ContentLength extends Frames {
        private boolean resync;
        private final byte[] line = new byte[HEADER_LIMIT];

        ContentLength(InputStream in, int limit) {
            super(in, limit);
        }

        @Override
        byte @Nullable [] next() throws IOException, BadFrame {
            if (resync) {
                if (!scanToLengthHeader()) {
                    return null;
                }
                resync = false;
            }
            long length = -1;
            String problem = null;
            int headerBytes = 0;
            boolean any = false;
            for (;;) {
                int n = readLine(HEADER_LIMIT - headerBytes);
                if (n == -1) {
                    if (any) {
                        throw new BadFrame("the input ended inside a frame's headers");
                    }
                    return null;
                }
                if (n == -2) {
                    resync = true;
                    throw new BadFrame("a frame's headers are over " + HEADER_LIMIT + " bytes; send only Content-Length"
                            + " (and Content-Type), each line ending in \\r\\n");
                }
                headerBytes += n + 2;
                if (n == 0) {
                    if (!any) {
                        continue;   // a stray blank line between frames
                    }
                    break;
                }
                any = true;
                int colon = indexOf(line, n, (byte) ':');
                if (colon <= 0) {
                    problem = "a header line without a name and a colon: \"" + ascii(line, n) + "\"";
                    continue;
                }
                if (colon == LENGTH_NAME.length - 1 && startsWithLength(line)) {
                    long v = digits(line, colon + 1, n);
                    if (v < 0) {
                        problem = "Content-Length is not a non-negative decimal number: \"" + ascii(line, n) + "\"";
                    } else if (length >= 0 && v != length) {
                        problem = "two different Content-Length headers";
                    } else {
                        length = v;
                    }
                }
                // Content-Type (and anything else) is accepted: the body is read as UTF-8 JSON regardless.
            }
            if (problem == null && length < 0) {
                problem = "a frame without Content-Length";
            }
            if (problem != null) {
                resync = true;
                throw new BadFrame(problem + "; every message needs a \"Content-Length: <bytes of the UTF-8 body>\""
                        + " header (skipped to the next Content-Length)");
            }
            if (length > limit) {
                long skipped = skip(length);
                throw new BadFrame("a message of " + length + " bytes is over the limit of " + limit
                        + " bytes and was skipped" + (skipped < length ? " (the input ended inside it)" : "")
                        + "; send smaller messages or raise maxMessageBytes");
            }
            byte[] body = readExactly((int) length);
            if (body == null) {
                throw new BadFrame("the input ended inside a body announced as " + length + " bytes");
            }
            return body;
        }

        /**
         * Reads a line into {@code line} without its CRLF (a bare LF is accepted): its length, -1 at the end of the
         * input before any byte, -2 if longer than {@code max} (then the rest of the line is skipped).
         */
        private int readLine(int max) throws IOException {
            int n = 0;
            boolean over = false;
            for (;;) {
                if (!fill()) {
                    return n == 0 && !over ? -1 : (over ? -2 : n);
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    if (over) {
                        return -2;
                    }
                    if (n > 0 && line[n - 1] == '\r') {
                        n--;
                    }
                    return n;
                }
                if (n < max && n < line.length) {
                    line[n++] = b;
                } else {
                    over = true;
                }
            }
        }

        /** Skips to the next "Content-Length:" (any case) and leaves the reader at the start of that line. */
        private boolean scanToLengthHeader() throws IOException {
            int matched = 0;
            while (fill()) {
                byte b = lower(buf[pos]);
                if (b == LENGTH_NAME[matched]) {
                    matched++;
                    pos++;
                    if (matched == LENGTH_NAME.length) {
                        // put the header name back: step back in the buffer if it is all there, else rebuild it
                        if (pos >= LENGTH_NAME.length) {
                            pos -= LENGTH_NAME.length;
                        } else {
                            byte[] rest = java.util.Arrays.copyOfRange(buf, pos, lim);
                            System.arraycopy(LENGTH_NAME, 0, buf, 0, LENGTH_NAME.length);
                            System.arraycopy(rest, 0, buf, LENGTH_NAME.length, rest.length);
                            pos = 0;
                            lim = LENGTH_NAME.length + rest.length;
                        }
                        return true;
                    }
                } else {
                    matched = b == LENGTH_NAME[0] ? 1 : 0;
                    pos++;
                }
            }
            return false;
        }

        private boolean startsWithLength(byte[] l) {
            for (int i = 0; i < LENGTH_NAME.length - 1; i++) {
                if (lower(l[i]) != LENGTH_NAME[i]) {
                    return false;
                }
            }
            return true;
        }

        private static long digits(byte[] l, int from, int to) {
            while (from < to && (l[from] == ' ' || l[from] == '\t')) {
                from++;
            }
            while (to > from && (l[to - 1] == ' ' || l[to - 1] == '\t')) {
                to--;
            }
            if (from == to || to - from > 12) {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                if (l[i] < '0' || l[i] > '9') {
                    return -1;
                }
                v = v * 10 + (l[i] - '0');
            }
            return v;
        }
    }

    // ---- MCP ----

    static final class Lines extends Frames {
        private byte[] line = new byte[4096];

        Lines(InputStream in, int limit) {
            super(in, limit);
        }

        @Override
        byte @Nullable [] next() throws IOException, BadFrame {
            for (;;) {
                int n = 0;
                boolean over = false;
                boolean ended = false;
                for (;;) {
                    if (!fill()) {
                        ended = true;
                        break;
                    }
                    int start = pos;
                    int nl = -1;
                    for (int i = pos; i < lim; i++) {
                        if (buf[i] == '\n') {
                            nl = i;
                            break;
                        }
                    }
                    int end = nl < 0 ? lim : nl;
                    int k = end - start;
                    if (!over) {
                        if (n + k > limit) {
                            over = true;
                        } else {
                            if (n + k > line.length) {
                                line = java.util.Arrays.copyOf(line, Math.max(n + k, Math.min(limit, line.length * 2)));
                            }
                            System.arraycopy(buf, start, line, n, k);
                            n += k;
                        }
                    }
                    pos = nl < 0 ? lim : nl + 1;
                    if (nl >= 0) {
                        break;
                    }
                }
                if (over) {
                    throw new BadFrame("a line over the limit of " + limit + " bytes was skipped; send smaller"
                            + " messages or raise maxMessageBytes");
                }
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                }
                if (blank(line, n)) {
                    if (ended) {
                        return null;
                    }
                    continue;
                }
                return java.util.Arrays.copyOf(line, n);
            }
        }

        private static boolean blank(byte[] l, int n) {
            for (int i = 0; i < n; i++) {
                if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    // ---- bytes ----

    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static int indexOf(byte[] l, int n, byte b) {
        for (int i = 0; i < n; i++) {
            if (l[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] l, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, 80); i++) {
            char c = (char) (l[i] & 0xff);
            s.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return n > 80 ? s + "..." : s.toString();
    }
}
