package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.zsync.Zsync;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A server on OS pipes in a thread of its own, and a raw client: frames written and read by hand. */
final class Conn implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final OutputStream toServer;
    private final InputStream fromServer;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final boolean lines;
    /** What reached the runtime's uncaught handler. */
    final java.util.List<Throwable> reported = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Conn(JsonRpcServer server, boolean lines) throws IOException {
        this.lines = lines;
        Pipe up = Pipe.open();
        Pipe down = Pipe.open();
        this.toServer = Channels.newOutputStream(up.sink());
        this.fromServer = Channels.newInputStream(down.source());
        InputStream serverIn = Channels.newInputStream(up.source());
        OutputStream serverOut = Channels.newOutputStream(down.sink());
        Thread t = new Thread(() -> {
            try {
                status.complete(Zsync.run(io.zsync.Config.optimal().toBuilder()
                        .uncaughtHandler((thread, failure) -> reported.add(failure)).build(),
                        () -> server.serve(serverIn, serverOut)));
            } catch (Throwable e) {
                status.completeExceptionally(e);
            } finally {
                try {
                    serverOut.close();
                    serverIn.close();   // a client still writing fails now (broken pipe) instead of blocking
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "test server");
        t.setDaemon(true);
        t.start();
    }

    static Conn open(JsonRpcServer server) throws IOException {
        return new Conn(server, false);
    }

    static Conn openLines(JsonRpcServer server) throws IOException {
        return new Conn(server, true);
    }

    /** Sends one message in a frame; threads may send at once (a frame is written whole). */
    synchronized Conn send(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (lines) {
            toServer.write(body);
            toServer.write('\n');
        } else {
            toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            toServer.write(body);   // header and body under this monitor: another sender cannot come between
        }
        toServer.flush();
        return this;
    }

    /** Sends bytes as they are. */
    synchronized Conn raw(String bytes) throws IOException {
        toServer.write(bytes.getBytes(StandardCharsets.UTF_8));
        toServer.flush();
        return this;
    }

    Conn request(Object id, String method, String params) throws IOException {
        return send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}");
    }

    Conn notification(String method, String params) throws IOException {
        return send("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}");
    }

    /** LSP's handshake. */
    Conn initialize() throws IOException {
        request(0, "initialize", "{\"processId\":null,\"capabilities\":{\"window\":{\"workDoneProgress\":true}}}");
        JsonNode r = read();
        if (!r.has("result")) {
            fail("initialize failed: " + r);
        }
        return notification("initialized", "{}");
    }

    /** The next message from the server (the test class's @Timeout guards a hang). */
    JsonNode read() throws IOException {
        byte[] body = lines ? readLine() : readFrame();
        assertNotNull(body, "the server closed its output");
        return JSON.readTree(body);
    }

    /** The next message that is not a notification of {@code ignoredMethod}... : the next response. */
    JsonNode readResponse() throws IOException {
        for (;;) {
            JsonNode m = read();
            if (!m.has("method")) {
                return m;
            }
        }
    }

    private byte[] readFrame() throws IOException {
        return readFrame(fromServer);
    }

    /** One Content-Length frame's body from {@code fromServer}; null at the end of the stream. */
    static byte[] readFrame(InputStream fromServer) throws IOException {
        int length = -1;
        StringBuilder line = new StringBuilder();
        for (;;) {
            int c = fromServer.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                String l = line.toString().trim();
                line.setLength(0);
                if (l.isEmpty()) {
                    break;
                }
                if (l.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).trim());
                }
            } else {
                line.append((char) c);
            }
        }
        return fromServer.readNBytes(length);
    }

    private byte[] readLine() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (;;) {
            int c = fromServer.read();
            if (c < 0) {
                return b.size() == 0 ? null : b.toByteArray();
            }
            if (c == '\n') {
                return b.toByteArray();
            }
            b.write(c);
        }
    }

    /** Ends the server's input. */
    void closeInput() throws IOException {
        toServer.close();
    }

    /** The server's exit status, once serve returned. */
    int status(Duration within) throws Exception {
        try {
            return status.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("serve() did not return within " + within, e);
        }
    }

    boolean ended() {
        return status.isDone();
    }

    @Override
    public void close() throws IOException {
        try {
            toServer.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
