package io.zsync.http.internal;

import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.http.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One connection: its task reads requests, calls the handler inline, and writes the responses. */
final class Connection {
    /*
     * Implementation notes.
     *
     * Roles: the connection's task (one virtual thread) does all the reading, parsing, handling and writing. Two
     * other threads touch it: the server's reaper, which enforces timeouts, and shutdown(). Neither writes to the
     * socket: the reaper shuts the socket's input (a blocked read then returns end-of-stream, and the task answers 408
     * or closes), or closes the socket (a write that makes no progress); shutdown closes an idle connection's
     * socket, or lets the task finish its exchange with Connection: close.
     *
     * Buffers: `in` holds what was read and not yet parsed or handed to a body (`pos` to `lim`); it grows as needed
     * to hold one request head, up to the head limit. `out` collects responses; it is written to the socket only
     * before a read that would block (fill), when full, when a streamed body flushes, and at the end. So pipelined
     * requests that arrived together are answered with one write, and a lone request with one write too.
     *
     * Timeouts: before each wait (a read, a write) the task records what it waits for and until when (`waitKind`,
     * `deadline`, on the runtime's clock); the reaper compares. The head timeout runs from the accept, or from a
     * request's first byte, to its blank line; the idle timeout from the end of a response to the next request's
     * first byte; the progress timeout from each read of the body and each write.
     *
     * Exchanges: the handler runs inline on the task, so what it spawns are the task's children; the end of each
     * exchange (its response written, or its failure) cancels them (Task.cancelChildren). With cancelOnClientClose,
     * a watcher thread reads ahead while the handler runs, from when the request body has been read whole: end of
     * stream (or a failed read) while `handling` cancels the task; bytes (a pipelined request) end the watch. The
     * watcher is the only reader of the socket while it lives: the task takes its bytes over in absorb(), before any
     * read of its own (fill, lingeringClose). It is a plain virtual thread, not a child task: cancelChildren must not
     * interrupt it, since interrupting a virtual thread blocked on a socket closes the socket.
     * Maintenance: run HttpServerTest, MalformedRequestTest, CurlTest and TimeoutTest after a change.
     */

    static final int NONE = 0;
    static final int IDLE = 1;       // waiting for a request's first byte (keep-alive)
    static final int HEAD = 2;       // waiting for the rest of a head
    static final int BODY = 3;       // reading a request body
    static final int WRITE = 4;      // writing

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SERVER = "Server: zsync\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SKIP_LIMIT = 64 * 1024;   // an unread body up to this is skipped, not a reason to close

    private final Host server;
    private final Settings settings;
    private final Link socket;
    private final InputStream sin;
    private final OutputStream sout;
    private byte[] in = new byte[8192];           // one read takes a head and a small body (a 4 KiB POST) whole
    private int pos;
    private int lim;
    private final byte[] out = new byte[16 * 1024];
    private byte[] headBytes = new byte[1024];    // the current request's head: valid during its exchange only
    private final int[] fields = new int[64];     // its fields' offsets (16 fields; more get an array of their own)
    private @Nullable InetSocketAddress remote;   // the client's address, looked up once
    private int outLen;
    private long exchangeBytes;                   // written for the current exchange (0: its status can change)

    volatile int waitKind;                        // what the task waits for; read by the reaper
    volatile long deadline;                       // until when, on the server's clock
    volatile int expired;                         // the wait the reaper cut short, or NONE
    volatile boolean idle;                        // between requests, no byte of the next: shutdown may close it
    volatile @Nullable Task<Void> task;           // set by the acceptor right after the spawn
    private @Nullable Task<?> self;               // the same task, as the task sees itself (set first in run)
    private volatile boolean handling;            // an exchange's handler or response runs (the watcher reads it)
    private volatile @Nullable Thread watcher;    // reads ahead for cancelOnClientClose; see the notes
    private byte @Nullable [] peek;               // what the watcher read: `peeked` bytes, -1 (end), or a failure
    private int peeked;
    private @Nullable IOException peekFailure;

    Connection(Host server, Link socket) throws IOException {
        this.server = server;
        this.settings = server.settings();
        this.socket = socket;
        this.sin = socket.in();
        this.sout = socket.out();
        this.idle = true;
        waitFor(HEAD, settings.headTimeout().toNanos());   // the first head's time runs from the accept
    }

    // ---- the loop ----

    /** The connection's task: serves requests until the connection ends. */
    void run() {
        self = Zsync.currentTask().orElse(null);
        try {
            serveRequests();
        } catch (IOException | TaskCancelledException ended) {
            // the client went away, a write stalled, or the server cancelled us: nothing to answer
        } catch (Throwable bug) {
            server.report(new IllegalStateException("an HTTP connection ended with an unexpected failure", bug));
        } finally {
            closeQuietly();
            server.ended(this);
        }
    }

    private void serveRequests() throws IOException {
        boolean first = true;
        for (;;) {
            Head head;
            try {
                head = readHead(first);
            } catch (BadRequest bad) {
                refuse(bad.status(), bad.getMessage());
                return;
            }
            if (head == null) {
                return;
            }
            first = false;
            boolean again;
            try {
                again = exchange(head);
            } finally {
                endExchange();
            }
            if (!again) {
                lingeringClose();   // the client may still be sending (an unread body): let it see the response
                return;
            }
        }
    }

    // ---- reading a head ----

    /** The next request's head; null if the connection ended before one began (or timed out idle). */
    private @Nullable Head readHead(boolean first) throws IOException, BadRequest {
        idle = true;
        if (!first) {
            waitFor(IDLE, settings.idleTimeout().toNanos());
        }
        int blankLines = 0;
        boolean started = false;
        for (;;) {
            while (lim - pos >= 2 && in[pos] == '\r' && in[pos + 1] == '\n' && blankLines < 8) {
                pos += 2;   // empty lines before a request line are ignored (RFC 9112 §2.2)
                blankLines++;
            }
            if (lim > pos && !started) {
                started = true;
                idle = false;
                if (!first) {
                    waitFor(HEAD, settings.headTimeout().toNanos());   // the head timeout runs from its first byte
                }
                if (server.isStopping()) {
                    // it began after shutdown closed the idle ones: answer it, then close (exchange checks)
                }
            }
            if (lim > pos) {
                int end = Head.end(in, pos, lim, settings.maxRequestLineBytes(), settings.maxHeaderBytes());
                if (end >= 0) {
                    int length = end - pos;
                    if (headBytes.length < length) {
                        headBytes = new byte[Math.max(length, headBytes.length * 2)];
                    }
                    System.arraycopy(in, pos, headBytes, 0, length);   // `in` moves on; the head stays for the exchange
                    pos = end;
                    waitFor(NONE, 0);
                    return Head.parse(headBytes, length, settings.maxHeaders(), fields);
                }
            }
            if (!started && idle && server.isStopping()) {
                return null;   // shutting down: no new request on this connection
            }
            makeRoom(settings.maxHeaderBytes() + 4);
            if (fill() < 0) {
                if (started && expired == HEAD) {
                    refuse(408, "the request head did not arrive within " + settings.headTimeout()
                            + "; send it at once, or raise HttpServer.Builder.headTimeout");
                }
                return null;   // end of stream, an idle timeout, or a silent connection: close quietly
            }
        }
    }

    /** Makes room at the end of `in`: compacts, or grows it up to {@code max} bytes. */
    private void makeRoom(int max) {
        if (lim < in.length) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(in, pos, in, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == in.length && in.length < max) {
            in = Arrays.copyOf(in, Math.min(max, in.length * 2));
        }
    }

    /**
     * Reads more into `in` after flushing what is buffered for the client (before every read that may block):
     * the number of bytes read, or -1 at the end of the stream (or when the reaper shut the input).
     */
    private int fill() throws IOException {
        flushOut();
        if (pos == lim) {
            pos = 0;   // all consumed: the read gets the whole buffer (a short read would split the next request)
            lim = 0;
        } else if (lim == in.length) {
            makeRoom(in.length);
        }
        if (watcher != null) {
            return absorb();
        }
        int n = socketRead(in, lim, in.length - lim);
        if (n > 0) {
            lim += n;
        }
        return n;
    }

    /** One read from the socket into {@code b}; -1 at the end of the stream or when the reaper shut the input. */
    private int socketRead(byte[] b, int off, int len) throws IOException {
        try {
            return sin.read(b, off, len);
        } catch (SocketException | SocketTimeoutException e) {
            if (expired != NONE) {
                return -1;
            }
            throw e;
        }
    }

    private void waitFor(int kind, long nanos) {
        if (kind != NONE) {
            deadline = server.now() + nanos;
        }
        waitKind = kind;
    }

    // ---- an exchange ----

    /** Handles one request; false if the connection must close after it. */
    private boolean exchange(Head head) throws IOException {
        boolean keepAlive = head.keepAlive() && !server.isStopping();
        exchangeBytes = 0;
        Body body;
        if (head.chunked()) {
            body = new ChunkedBody();
        } else if (head.contentLength() > 0) {
            if (head.contentLength() > settings.maxBodyBytes()) {
                refuse(413, "the request body (Content-Length " + head.contentLength() + ") is larger than "
                        + settings.maxBodyBytes() + " bytes; send less, or raise HttpServer.Builder.maxBodyBytes");
                return false;
            }
            body = new FixedBody(head.contentLength());
        } else {
            body = new FixedBody(0);
        }
        String expect = head.expect();
        if (expect != null && head.http11()) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                boolean skipped = body.skip(SKIP_LIMIT);
                respond(ResponseImpl.error(417, "Expect: " + expect + " is not supported; only 100-continue is"),
                        head, keepAlive && skipped);
                return keepAlive && skipped;
            }
            body.expectContinue = true;
        }
        RequestImpl request = new RequestImpl(head, body, remote(), settings.maxBodyBytes());
        ResponseImpl response;
        boolean feederUnfinished = false;
        handling = true;
        if (body.finished()) {
            bodyRead();
        }
        try {
            response = (ResponseImpl) server.handler().handle(request);
            if (response == null) {
                server.report(new NullPointerException("a handler returned null for " + head.method() + " "
                        + head.target() + "; return a Response"));
                response = ResponseImpl.error(500, "Internal Server Error");
            }
        } catch (HttpException e) {
            response = ResponseImpl.error(e.status(), String.valueOf(e.getMessage()));
        } catch (BodyException e) {
            response = ResponseImpl.error(e.status(), String.valueOf(e.getMessage()));
            keepAlive = false;
        } catch (TaskCancelledException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;   // the server or the program cancelled this connection
            }
            server.report(e);
            response = ResponseImpl.error(500, "Internal Server Error");
        } catch (Throwable failure) {
            if (failure instanceof Error e && !(failure instanceof StackOverflowError)) {
                throw e;
            }
            BodyException cause = body.failure;
            if (cause != null) {   // the request body failed, and the handler with it: the client's fault, answered
                respond(ResponseImpl.error(cause.status(), String.valueOf(cause.getMessage())), head, false);
                return false;
            }
            server.report(new IllegalStateException("the handler of " + head.method() + " " + head.target()
                    + " failed; the client got 500", failure));
            response = ResponseImpl.error(500, "Internal Server Error");
        } finally {
            feederUnfinished = request.stopFeeder();   // from here on only this thread reads the socket
        }
        if (feederUnfinished) {
            keepAlive = false;   // the handler left its body publisher unfinished: the connection may be closed too
        }
        if (body.broken) {
            keepAlive = false;
        } else if (!body.finished()) {
            // the handler left (some of) the body unread: skip a small rest; a client still waiting for 100
            // Continue sends nothing more, and a large rest is not worth reading: close after the response
            if (body.expectContinue && !body.continueSent || !body.skip(SKIP_LIMIT)) {
                keepAlive = false;
            }
        }
        if (server.isStopping()) {
            keepAlive = false;
        }
        if (response.body() instanceof ResponseImpl.Upgrade upgrade) {
            return switchProtocols(response, upgrade, head, body, request);
        }
        return respond(response, head, keepAlive) && keepAlive;
    }

    /** The end of an exchange, whatever its end: nothing the handler spawned outlives it. */
    private void endExchange() {
        handling = false;
        Task<?> t = self;
        if (t != null) {
            t.cancelChildren();
        }
    }

    // ---- watching for the client's close (cancelOnClientClose) ----

    /** The request body has been read whole (or there is none): watch the socket while the exchange runs. */
    void bodyRead() {
        if (settings.cancelOnClientClose() && handling && watcher == null) {
            if (peek == null) {
                peek = new byte[4096];
            }
            peeked = 0;
            peekFailure = null;
            watcher = Thread.ofVirtual().name("http close watcher").start(this::watch);
        }
    }

    /** The watcher's body: one read; its end of stream or failure during the exchange cancels the task. */
    private void watch() {
        try {
            int n = sin.read(java.util.Objects.requireNonNull(peek));
            peeked = n;
            if (n >= 0) {
                return;   // the client sent more (a pipelined request): it is there; the task reads it later
            }
        } catch (IOException e) {
            peekFailure = e;
        }
        Task<?> t = self;
        if (handling && t != null) {
            t.cancel();   // the client is gone while its answer is being made: stop making it
        }
    }

    /** Takes over what the watcher read, waiting for its read to end: the task's read, as fill's. */
    private int absorb() throws IOException {
        Thread w = java.util.Objects.requireNonNull(watcher);
        try {
            w.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the connection was cancelled while waiting for the client");
        }
        watcher = null;
        IOException failure = peekFailure;
        if (failure != null) {
            if (expired != NONE) {
                return -1;
            }
            throw failure;
        }
        int n = peeked;
        if (n > 0) {
            if (in.length - lim < n) {
                makeRoom(in.length);
                if (in.length - lim < n) {
                    in = Arrays.copyOf(in, lim + n);
                }
            }
            System.arraycopy(java.util.Objects.requireNonNull(peek), 0, in, lim, n);
            lim += n;
        }
        return n;
    }

    // ---- switching protocols (Response.upgrade) ----

    /** Writes 101 and hands the connection to the upgrade's handler; false: the connection closes after it. */
    private boolean switchProtocols(ResponseImpl response, ResponseImpl.Upgrade upgrade, Head head, Body body,
                                    RequestImpl request) throws IOException {
        String asked = request.header("Upgrade");
        if (!head.http11() || asked == null || !listsToken(asked, upgrade.protocol()) || !body.finished()) {
            server.report(new IllegalStateException("the handler of " + head.method() + " " + head.target()
                    + " answered Response.upgrade(\"" + upgrade.protocol() + "\") to a request that did not ask"
                    + " for it (" + (!head.http11() ? "HTTP/1.0" : asked == null ? "no Upgrade header"
                    : !body.finished() ? "its body unread" : "Upgrade: " + asked) + "); the client got 500. Check"
                    + " request.header(\"Upgrade\") first"));
            respond(ResponseImpl.error(500, "Internal Server Error"), head, false);
            return false;
        }
        writeOut(Status.line(101));
        writeOut(SERVER);
        writeOut(DateHeader.line());
        writeAscii("Connection: Upgrade\r\nUpgrade: " + upgrade.protocol() + "\r\n");
        List<String> headers = response.headerList();
        for (int i = 0; i < headers.size(); i += 2) {
            writeAscii(headers.get(i) + ": " + headers.get(i + 1) + "\r\n");
        }
        writeOut(CRLF);
        flushOut();
        try {
            upgrade.handler().run(new UpgradedIn(), new UpgradedOut());
        } catch (IOException | TaskCancelledException gone) {
            // the client went away, or the server cancelled the connection: it closes either way
        } catch (Exception failure) {
            server.report(new IllegalStateException("the " + upgrade.protocol() + " handler of " + head.method()
                    + " " + head.target() + " failed; the connection was closed", failure));
        }
        return false;
    }

    /** Whether the comma-separated list {@code value} holds {@code token}, ignoring case (as Upgrade lists). */
    private static boolean listsToken(String value, String token) {
        for (String item : value.split(",")) {
            if (item.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The switched connection's input: what was buffered, then the socket. */
    private final class UpgradedIn extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (pos == lim) {
                pos = 0;
                lim = 0;
                if (fill() < 0) {
                    return -1;
                }
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(in, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return lim - pos;
        }
    }

    /** The switched connection's output: straight to the socket; close ends the output. */
    private final class UpgradedOut extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            sout.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            socket.shutdownOutput();
        }
    }

    private InetSocketAddress remote() {
        InetSocketAddress r = remote;
        if (r == null) {
            r = socket.remote();
            remote = r;
        }
        return r;
    }

    /** Answers a request the server refuses, and closes (the framing of what follows cannot be trusted). */
    private void refuse(int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        writeHead(ResponseImpl.error(status, message), body.length, CLOSE, false);
        writeOut(body);
        lingeringClose();
    }

    // ---- writing a response ----

    /** Writes {@code r}; false if the connection must close after it (a body of unknown length to HTTP/1.0). */
    private boolean respond(ResponseImpl r, Head head, boolean keepAlive) throws IOException {
        boolean bodiless = head.method().equals("HEAD");
        byte[] connection = connectionHeader(head, keepAlive);
        int status = r.status();
        boolean noContent = status == 204 || status == 304;
        switch (r.body()) {
            case ResponseImpl.Bytes b -> {
                writeHead(r, noContent ? -2 : b.bytes().length, connection, false);
                if (!bodiless && !noContent) {
                    writeOut(b.bytes());
                }
                return true;
            }
            case ResponseImpl.FileBody f -> {
                InputStream file;
                long size;
                try {
                    file = Files.newInputStream(f.path());
                    size = Files.size(f.path());
                } catch (NoSuchFileException missing) {
                    return respond(ResponseImpl.error(404, "Not Found"), head, keepAlive);
                } catch (IOException unreadable) {
                    server.report(new IOException("a file response could not be read: " + f.path(), unreadable));
                    return respond(ResponseImpl.error(500, "Internal Server Error"), head, keepAlive);
                }
                try (InputStream stream = file) {
                    return writeStream(r, stream, size, head, keepAlive, bodiless);
                }
            }
            case ResponseImpl.Input i -> {
                try (InputStream stream = i.in()) {
                    return writeStream(r, stream, i.length(), head, keepAlive, bodiless);
                }
            }
            case ResponseImpl.Writer w -> {
                boolean chunk = head.http11();
                writeHead(r, chunk ? -1 : -2, chunk ? connection : CLOSE, chunk);
                if (bodiless) {
                    return chunk;
                }
                ChunkedOut body = new ChunkedOut(chunk);
                try {
                    w.writer().write(body);
                } catch (IOException | TaskCancelledException e) {
                    throw e;
                } catch (Exception failure) {
                    server.report(new IllegalStateException("the body writer of " + head.method() + " "
                            + head.target() + " failed after the response began; the connection was closed",
                            failure));
                    return false;
                }
                body.finish();
                return chunk;
            }
            case ResponseImpl.Upgrade u ->
                    throw new IllegalStateException("unreachable: exchange hands an upgrade to switchProtocols");
        }
    }

    private boolean writeStream(ResponseImpl r, InputStream stream, long length, Head head, boolean keepAlive,
                                boolean bodiless) throws IOException {
        if (length >= 0) {
            writeHead(r, length, connectionHeader(head, keepAlive), false);
            if (bodiless) {
                return true;
            }
            long copied = copy(stream, length);
            if (copied < length) {
                server.report(new IOException("a response body ended after " + copied + " of its " + length
                        + " bytes (Content-Length); the connection was closed"));
                return false;
            }
            return true;
        }
        boolean chunk = head.http11();
        writeHead(r, chunk ? -1 : -2, chunk ? connectionHeader(head, keepAlive) : CLOSE, chunk);
        if (bodiless) {
            return chunk;
        }
        ChunkedOut body = new ChunkedOut(chunk);
        stream.transferTo(body);
        body.finish();
        return chunk;
    }

    private long copy(InputStream stream, long length) throws IOException {
        byte[] buf = new byte[(int) Math.min(16 * 1024, Math.max(1, length))];
        long copied = 0;
        while (copied < length) {
            int n = stream.read(buf, 0, (int) Math.min(buf.length, length - copied));
            if (n < 0) {
                break;
            }
            writeOut(buf, 0, n);
            copied += n;
        }
        return copied;
    }

    /** The Connection header line: close, keep-alive (HTTP/1.0 asks for it), or none (HTTP/1.1's default). */
    private static byte[] connectionHeader(Head head, boolean keepAlive) {
        return !keepAlive ? CLOSE : head.http11() ? NO_HEADER : KEEP_ALIVE;
    }

    private static final byte[] NO_HEADER = new byte[0];

    /**
     * The status line and headers. {@code length}: the Content-Length, or -1 (chunked), or -2 (none: no body, or
     * one that ends with the connection).
     */
    private void writeHead(ResponseImpl r, long length, byte[] connection, boolean chunked) throws IOException {
        writeOut(Status.line(r.status()));
        writeOut(SERVER);
        writeOut(DateHeader.line());
        byte[] contentType = r.contentTypeLine();
        if (contentType != null) {
            writeOut(contentType);
        }
        List<String> headers = r.headerList();
        for (int i = 0; i < headers.size(); i += 2) {
            writeAscii(headers.get(i));
            writeOut((byte) ':');
            writeOut((byte) ' ');
            writeAscii(headers.get(i + 1));
            writeOut(CRLF);
        }
        if (length >= 0) {
            writeOut(CONTENT_LENGTH);
            writeDecimal(length);
            writeOut(CRLF);
        } else if (chunked) {
            writeOut(CHUNKED);
        }
        writeOut(connection);
        writeOut(CRLF);
    }

    private void writeAscii(String s) throws IOException {
        int n = s.length();
        if (out.length - outLen < n) {
            flushOut();
            if (n > out.length) {
                writeOut(s.getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            out[outLen + i] = (byte) s.charAt(i);   // ISO-8859-1: checked when the header was set
        }
        outLen += n;
        exchangeBytes += n;
    }

    private void writeDecimal(long n) throws IOException {
        if (out.length - outLen < 20) {
            flushOut();
        }
        int digits = 1;
        for (long v = n; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = outLen + digits - 1; i >= outLen; i--) {
            out[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        outLen += digits;
        exchangeBytes += digits;
    }

    private void writeOut(byte b) throws IOException {
        if (outLen == out.length) {
            flushOut();
        }
        out[outLen++] = b;
        exchangeBytes++;
    }

    private void writeOut(byte[] b) throws IOException {
        writeOut(b, 0, b.length);
    }

    private void writeOut(byte[] b, int off, int len) throws IOException {
        exchangeBytes += len;
        if (len <= out.length - outLen) {
            System.arraycopy(b, off, out, outLen, len);
            outLen += len;
            return;
        }
        flushOut();
        if (len >= out.length / 2) {
            socketWrite(b, off, len);   // large: straight to the socket, no copy
        } else {
            System.arraycopy(b, off, out, 0, len);
            outLen = len;
        }
    }

    /** Writes what `out` holds to the socket. */
    void flushOut() throws IOException {
        if (outLen > 0) {
            int n = outLen;
            outLen = 0;
            socketWrite(out, 0, n);
        }
    }

    private void socketWrite(byte[] b, int off, int len) throws IOException {
        int before = waitKind;
        long beforeDeadline = deadline;
        waitFor(WRITE, settings.progressTimeout().toNanos());
        sout.write(b, off, len);
        deadline = beforeDeadline;
        waitKind = before;
    }

    /** The last 100 Continue, interim, before the body is read. */
    private void sendContinue() throws IOException {
        long n = exchangeBytes;
        writeOut(CONTINUE);
        exchangeBytes = n;   // an interim response: the final status may still change
        flushOut();
    }

    // ---- closing ----

    /**
     * Closes after a response the client must see although it may still be sending: the output is shut (the
     * response goes out, then FIN), what the client sends meanwhile is read and dropped, up to 64 KiB or one
     * second, and only then the socket closed, so the client reads the response instead of a reset.
     */
    private void lingeringClose() throws IOException {
        flushOut();
        try {
            socket.shutdownOutput();
            Thread w = watcher;
            if (w != null) {   // it reads for us: give the client its second, then close (which ends the read)
                w.join(Duration.ofSeconds(1));
                return;
            }
            socket.readTimeout(1000);
            long until = System.nanoTime() + 1_000_000_000L;
            byte[] sink = in.length >= 4096 ? in : new byte[4096];
            int total = 0;
            while (total < SKIP_LIMIT && System.nanoTime() - until < 0) {
                int n = sin.read(sink);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException ignored) {
            // the client closed first, or the second passed: either way, close now
        } catch (InterruptedException cancelled) {
            Thread.currentThread().interrupt();   // closing anyway
        }
    }

    /** Closes the socket, from any thread: a blocked read or write in the task then fails. */
    void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** The reaper found {@code kind}'s deadline passed: cut the wait short (see the notes). */
    void expire(int kind) {
        expired = kind;
        try {
            if (kind == WRITE) {
                socket.close();
            } else {
                socket.shutdownInput();
            }
        } catch (IOException ignored) {
            closeQuietly();
        }
    }

    // ---- request bodies ----

    /** A request body, read from `in` and the socket as the handler reads it. */
    abstract class Body extends InputStream {
        boolean expectContinue;
        boolean continueSent;
        boolean broken;            // malformed, over the limit, or stalled: the connection cannot be reused
        @Nullable BodyException failure;   // the first such failure: the response, whatever the handler threw
        long received;

        /** Whether the whole body has been read. */
        abstract boolean finished();

        /** Reads and drops the rest, up to {@code max} bytes; true if it ended within that. */
        boolean skip(int max) throws IOException {
            if (finished()) {
                return true;
            }
            if (expectContinue && !continueSent) {
                return false;
            }
            byte[] sink = new byte[4096];
            long dropped = 0;
            try {
                while (dropped <= max) {
                    int n = read(sink, 0, sink.length);
                    if (n < 0) {
                        return true;
                    }
                    dropped += n;
                }
            } catch (BodyException bad) {
                return false;
            }
            return false;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        /** Up to {@code len} bytes of the raw stream (from `in`, else the socket); -1 at its end. */
        final int raw(byte[] b, int off, int len) throws IOException {
            if (expectContinue && !continueSent) {
                continueSent = true;
                sendContinue();
            }
            if (lim == pos) {
                waitFor(BODY, settings.progressTimeout().toNanos());
                pos = 0;
                lim = 0;
                // a large read of a body (bodyBytes) goes straight into the caller's array: no copy through `in`
                boolean direct = len >= in.length && watcher == null;
                int n;
                if (direct) {
                    flushOut();
                    n = socketRead(b, off, len);
                } else {
                    n = fill();
                }
                waitFor(NONE, 0);
                if (n < 0) {
                    if (expired == BODY) {
                        throw fail(new BodyException(408, "the request body made no progress for "
                                + settings.progressTimeout() + "; send it steadily, or raise"
                                + " HttpServer.Builder.progressTimeout"));
                    }
                    throw fail(new BodyException(400, "the client ended the connection's input before the whole"
                            + " request body came"));
                }
                if (direct) {
                    return n;
                }
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(in, pos, b, off, n);
            pos += n;
            return n;
        }

        /** One byte of the raw stream, for the chunked framing. */
        final int rawByte() throws IOException {
            if (lim == pos) {
                byte[] one = new byte[1];
                raw(one, 0, 1);
                return one[0] & 0xff;
            }
            return in[pos++] & 0xff;
        }

        final void count(int n) throws BodyException {
            received += n;
            if (received > settings.maxBodyBytes()) {
                throw fail(new BodyException(413, "the request body is larger than " + settings.maxBodyBytes()
                        + " bytes; send less, or raise HttpServer.Builder.maxBodyBytes"));
            }
        }

        /** Records why the body cannot be read on: the client hears of it, whatever the handler does with it. */
        final BodyException fail(BodyException e) {
            broken = true;
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }

    /** A body of Content-Length bytes (or none). */
    final class FixedBody extends Body {
        private long remaining;

        FixedBody(long length) {
            this.remaining = length;
        }

        @Override
        boolean finished() {
            return remaining == 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = raw(b, off, (int) Math.min(len, remaining));
            remaining -= n;
            count(n);
            if (remaining == 0) {
                bodyRead();
            }
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(remaining, lim - pos);
        }
    }

    /** A chunked body (RFC 9112 §7.1): sizes in hex, extensions ignored, trailers read and dropped. */
    final class ChunkedBody extends Body {
        private long chunkLeft;           // bytes left in the current chunk
        private boolean inChunk;          // after a size line, before the chunk's CRLF
        private boolean done;

        @Override
        boolean finished() {
            return done;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (!inChunk || chunkLeft == 0) {
                if (inChunk) {
                    expectCrlf("after a chunk's data");
                    inChunk = false;
                }
                long size = sizeLine();
                if (size == 0) {
                    trailers();
                    done = true;
                    bodyRead();
                    return -1;
                }
                chunkLeft = size;
                inChunk = true;
            }
            int n = raw(b, off, (int) Math.min(len, chunkLeft));
            chunkLeft -= n;
            count(n);
            return n;
        }

        private long sizeLine() throws IOException {
            long size = 0;
            int digits = 0;
            int length = 0;
            int c;
            while (isHex(c = rawByte())) {
                if (++digits > 15) {
                    throw bad("a chunk size has more than 15 hex digits");
                }
                size = size * 16 + Character.digit(c, 16);
                length++;
            }
            if (digits == 0) {
                throw bad("a chunk must start with its size in hex");
            }
            while (c != '\r') {   // chunk extensions: ";name=value", ignored; their length is limited
                if (c == '\n' || ++length > settings.maxChunkLineBytes()) {
                    throw bad(c == '\n' ? "a chunk-size line ends in a bare LF; lines end in CRLF"
                            : "a chunk-size line is longer than " + settings.maxChunkLineBytes() + " bytes; raise"
                            + " HttpServer.Builder.maxChunkLineBytes");
                }
                if (length == digits + 1 && c != ';' && c != ' ' && c != '\t') {
                    throw bad("invalid character after a chunk size; extensions start with ;");
                }
                c = rawByte();
            }
            if (rawByte() != '\n') {
                throw bad("a chunk-size line must end in CRLF");
            }
            return size;
        }

        private void trailers() throws IOException {
            int total = 0;
            for (;;) {
                int length = 0;
                int c;
                while ((c = rawByte()) != '\r') {
                    if (c == '\n' || ++total > settings.maxHeaderBytes()) {
                        throw bad(c == '\n' ? "a trailer line ends in a bare LF; lines end in CRLF"
                                : "the trailer section is larger than " + settings.maxHeaderBytes() + " bytes");
                    }
                    length++;
                }
                if (rawByte() != '\n') {
                    throw bad("a trailer line must end in CRLF");
                }
                if (length == 0) {
                    return;
                }
            }
        }

        private void expectCrlf(String where) throws IOException {
            if (rawByte() != '\r' || rawByte() != '\n') {
                throw bad("CRLF expected " + where);
            }
        }

        private BodyException bad(String message) {
            return fail(new BodyException(400, "malformed chunked body: " + message));
        }

        private static boolean isHex(int c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
    }

    // ---- streamed response bodies ----

    /**
     * A response body of unknown length: chunked (each flush sends a chunk at once), or, to an HTTP/1.0 client,
     * raw bytes ended by closing the connection.
     */
    private final class ChunkedOut extends OutputStream {
        private final boolean chunked;
        private final byte[] chunk = new byte[8 * 1024];
        private int n;
        private boolean finished;

        ChunkedOut(boolean chunked) {
            this.chunked = chunked;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == chunk.length) {
                emit();
            }
            chunk[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (finished) {
                throw new IOException("the response body is finished: write it inside the body writer");
            }
            if (len <= chunk.length - n) {
                System.arraycopy(b, off, chunk, n, len);
                n += len;
                return;
            }
            emit();
            if (len >= chunk.length) {
                emit(b, off, len);
            } else {
                System.arraycopy(b, off, chunk, 0, len);
                n = len;
            }
        }

        @Override
        public void flush() throws IOException {
            emit();
            flushOut();
        }

        private void emit() throws IOException {
            if (n > 0) {
                int len = n;
                n = 0;
                emit(chunk, 0, len);
            }
        }

        private void emit(byte[] b, int off, int len) throws IOException {
            if (chunked) {
                writeAscii(Integer.toHexString(len));
                writeOut(CRLF);
            }
            writeOut(b, off, len);
            if (chunked) {
                writeOut(CRLF);
            }
        }

        void finish() throws IOException {
            if (!finished) {
                emit();
                finished = true;
                if (chunked) {
                    writeOut(LAST_CHUNK);
                }
            }
        }
    }
}
