package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** The JSON-RPC 2.0 core on its own: ids, batches, errors. */
@Timeout(30)
class PlainJsonRpcTest {
    record Sum(int a, int b) {
    }

    record Span(int from, int to) {
        Span {
            if (from > to) {
                throw new IllegalArgumentException("from must not exceed to");
            }
        }
    }

    record Line(Span span, List<Span> gaps) {
    }

    record Unwritable(int x) {
        @Override
        public int x() {
            throw new IllegalStateException("this value cannot be read");
        }
    }

    static JsonRpcServer server() {
        return JsonRpcServer.builder()
                .request("sum", Sum.class, (ctx, p) -> p.a() + p.b())
                .request("fail", Void.class, (ctx, p) -> {
                    throw new IllegalStateException("broken on purpose");
                })
                .request("refuse", Void.class, (ctx, p) -> {
                    throw new JsonRpcException(-32000, "not today", Map.of("retryAfter", 5));
                })
                .request("raw", RawJson.class, (ctx, p) -> p)
                .request("length", Line.class, (ctx, p) -> p.span().to() - p.span().from() - p.gaps().size())
                .request("nothing", Void.class, (ctx, p) -> null)
                .request("unwritable", Void.class, (ctx, p) -> new Unwritable(1))
                .notification("note", RawJson.class, (ctx, p) -> { })
                .build();
    }

    @Test
    void idsComeBackExactlyAsSent() throws Exception {
        try (Conn c = Conn.open(server())) {
            for (String id : List.of("7", "\"7\"", "\"007\"", "-1", "0", "9007199254740993", "123456789012345678901234567890",
                    "\"\"", "\"é ✓\"", "null")) {
                c.request(id, "sum", "{\"a\":1,\"b\":2}");
                JsonNode r = c.read();
                assertEquals(id, r.get("id").toString(), r.toString());
                assertEquals(3, r.get("result").asInt());
            }
            c.request("1.5", "sum", "{\"a\":1,\"b\":2}");
            JsonNode r = c.read();
            assertEquals(ErrorCodes.INVALID_REQUEST, r.path("error").path("code").asInt(), "a fractional id: " + r);
            c.request("{\"x\":1}", "sum", "{\"a\":1,\"b\":2}");
            r = c.read();
            assertEquals(ErrorCodes.INVALID_REQUEST, r.path("error").path("code").asInt(), "an object id: " + r);
            assertTrue(r.get("id").isNull());
        }
    }

    @Test
    void errorsFromHandlers() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.request(1, "fail", null);
            JsonNode r = c.read();
            assertEquals(ErrorCodes.INTERNAL_ERROR, r.path("error").path("code").asInt(), r.toString());
            assertTrue(r.path("error").path("message").asString().contains("broken on purpose"), r.toString());
            c.request(2, "refuse", null);
            r = c.read();
            assertEquals(-32000, r.path("error").path("code").asInt(), r.toString());
            assertEquals(5, r.path("error").path("data").path("retryAfter").asInt(), r.toString());
            c.request(3, "raw", "{\"b\":[1,2,{\"c\":null}],\"a\":\"x\"}");
            assertEquals("{\"b\":[1,2,{\"c\":null}],\"a\":\"x\"}", c.read().get("result").toString(), "raw JSON as is");
            c.request(4, "sum", "[1,2]");
            r = c.read();
            assertEquals(ErrorCodes.INVALID_PARAMS, r.path("error").path("code").asInt(), "by-position params: " + r);
            c.request(5, "sum", "7");
            assertEquals(ErrorCodes.INVALID_REQUEST, c.read().path("error").path("code").asInt(), "params 7");
        }
    }

    @Test
    void recordsAreMadeByTheirConstructorsWhichMayRefuse() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.request(1, "length", "{\"span\":{\"from\":2,\"to\":9},\"gaps\":[{\"from\":3,\"to\":4}]}");
            JsonNode r = c.read();
            assertEquals(6, r.path("result").asInt(), r.toString());
            c.request(2, "length", "{\"span\":{\"from\":2,\"to\":9},\"gaps\":[{\"from\":5,\"to\":4}]}");
            r = c.read();
            assertEquals(ErrorCodes.INVALID_PARAMS, r.path("error").path("code").asInt(), r.toString());
            assertTrue(r.path("error").path("message").asString().contains("from must not exceed to"), r.toString());
            assertEquals("params.gaps[0]", r.path("error").path("data").path("path").asString(), r.toString());
            c.request(3, "nothing", null);
            r = c.read();
            assertTrue(r.has("result") && r.get("result").isNull(), "a null result is written as null: " + r);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}", r.toString());
            c.request(4, "unwritable", null);
            r = c.read();
            assertEquals(ErrorCodes.INTERNAL_ERROR, r.path("error").path("code").asInt(), r.toString());
            assertTrue(r.path("error").path("message").asString().contains("could not be written as JSON"),
                    r.toString());
            c.request(5, "sum", "{\"a\":2,\"b\":3}");
            assertEquals(5, c.read().path("result").asInt(), "the stream goes on after a result that failed to write");
        }
    }

    /**
     * The reader held a batch's monitor while it sent the batch's requests into the inbound channel; the dispatcher,
     * answering a refused request of the batch, waited for that monitor, and the channel filled: both waited for good.
     * Here the first of 65 notifications holds its lane until the reader has read the batch's frame (the 66th), so
     * the dispatcher is still busy with the 65th (it waits for room on the lanes) and the batch's 100 requests for an
     * unknown method go through the channel (64) behind it; the reader cannot send them all before the dispatcher
     * answers the first.
     */
    @Test
    void aBatchLargerThanTheInboundChannelIsAnsweredWhileTheDispatcherIsBusy() throws Exception {
        AtomicBoolean first = new AtomicBoolean(true);
        JsonRpcServer server = JsonRpcServer.builder()
                .notification("wait", RawJson.class, (ctx, p) -> {
                    if (first.getAndSet(false)) {
                        while (ctx.connectionStats().messagesRead() < 66) {
                            Zsync.yieldNow();   // the class's @Timeout guards a hang
                        }
                    }
                })
                .build();
        try (Conn c = Conn.open(server)) {
            for (int i = 0; i < 65; i++) {
                c.notification("wait", "{}");
            }
            StringBuilder batch = new StringBuilder("[");
            for (int id = 1; id <= 100; id++) {
                batch.append(id == 1 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                        .append(",\"method\":\"nope\"}");
            }
            c.send(batch.append(']').toString());
            JsonNode r = c.read();
            assertTrue(r.isArray() && r.size() == 100, "100 answers in one array: " + r);
            for (JsonNode m : r) {
                assertEquals(ErrorCodes.METHOD_NOT_FOUND, m.path("error").path("code").asInt(), m.toString());
            }
        }
    }

    /**
     * serve() on a platform thread (as under Zsync.run) runs the dispatcher in a task of its own; when the caller is
     * cancelled, serve() throws only once that task has ended the connection, as it did when it served on the
     * caller's thread: a handler still running then is cancelled and has finished.
     */
    @Test
    void aCancelledCallerOfServeReturnsOnceTheConnectionHasEnded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean handlerEnded = new AtomicBoolean();
        CompletableFuture<Boolean> endedWhenServeThrew = new CompletableFuture<>();
        JsonRpcServer server = JsonRpcServer.builder()
                .request("slow", Void.class, (ctx, p) -> {
                    started.countDown();
                    try {
                        Zsync.sleep(Duration.ofSeconds(60));
                        return null;
                    } finally {
                        handlerEnded.set(true);
                    }
                })
                .build();
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        Thread caller = new Thread(() -> {
            try {
                Zsync.run(() -> {
                    try {
                        return server.serve(serverIn, OutputStream.nullOutputStream());
                    } catch (TaskCancelledException cancelled) {
                        endedWhenServeThrew.complete(handlerEnded.get());
                        throw cancelled;
                    }
                });
            } catch (Exception expected) {
                endedWhenServeThrew.complete(false);   // only if serve() returned or threw something else
            }
        });
        caller.start();
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slow\"}".getBytes(
                StandardCharsets.UTF_8);
        toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        toServer.write(body);
        toServer.flush();
        assertTrue(started.await(10, TimeUnit.SECONDS), "the handler started");
        caller.interrupt();
        assertTrue(endedWhenServeThrew.get(10, TimeUnit.SECONDS),
                "serve() threw before the connection's handler ended");
        caller.join(10_000);
        toServer.close();
    }

    @Test
    void batchesAreAnsweredTogetherInOneArray() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sum\",\"params\":{\"a\":1,\"b\":1}},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{}},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"},"
                    + "{\"foo\":\"bar\"},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sum\",\"params\":{\"a\":2,\"b\":2}}]");
            JsonNode r = c.read();
            assertTrue(r.isArray() && r.size() == 4, "four answers (the notification gets none): " + r);
            Map<String, JsonNode> byId = new HashMap<>();
            for (JsonNode m : r) {
                byId.put(m.get("id").toString(), m);
            }
            assertEquals(2, byId.get("1").get("result").asInt());
            assertEquals(4, byId.get("3").get("result").asInt());
            assertEquals(ErrorCodes.METHOD_NOT_FOUND, byId.get("2").path("error").path("code").asInt());
            assertEquals(ErrorCodes.INVALID_REQUEST, byId.get("null").path("error").path("code").asInt());
            c.send("[]");
            r = c.read();
            assertEquals(ErrorCodes.INVALID_REQUEST, r.path("error").path("code").asInt(), "an empty batch: " + r);
            c.send("[1,2,3]");
            r = c.read();
            assertTrue(r.isArray() && r.size() == 3, "three errors: " + r);
            for (JsonNode m : r) {
                assertEquals(ErrorCodes.INVALID_REQUEST, m.path("error").path("code").asInt());
            }
            c.send("[{\"jsonrpc\":\"2.0\",\"method\":\"note\"},{\"jsonrpc\":\"2.0\",\"method\":\"note\"}]");
            c.request(9, "sum", "{\"a\":4,\"b\":5}");
            assertEquals(9, c.read().get("id").asInt(), "a batch of notifications is answered with nothing");
        }
    }
}
