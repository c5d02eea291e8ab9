package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.jsonrpc.lsp.LanguageServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Ordering on lanes, cancellation, and the server's own requests, against an LSP server on pipes. */
@Timeout(60)
class LanesAndCancellationTest {
    record Doc(String uri, int version) {
    }

    record Change(Doc textDocument) {
    }

    record Uri(String uri) {
    }

    record At(Uri textDocument) {
    }

    @Test
    void eachHoverSeesExactlyTheVersionSentBeforeIt() throws Exception {
        Map<String, Integer> versions = new ConcurrentHashMap<>();
        JsonRpcServer server = LanguageServer.builder()
                .notification("textDocument/didChange", Change.class, (ctx, p) -> {
                    if (p.textDocument().version() % 7 == 0) {
                        Zsync.sleep(Duration.ofMillis(1));   // now and then a slow change
                    }
                    versions.put(p.textDocument().uri(), p.textDocument().version());
                })
                .request("textDocument/hover", At.class, (ctx, p) -> {
                    int seen = versions.getOrDefault(p.textDocument().uri(), 0);
                    Zsync.yieldNow();
                    return seen;
                })
                .build();
        int pairs = 10_000;
        int window = 64;
        try (Conn c = Conn.open(server)) {
            c.initialize();
            int answered = 0;
            for (int v = 1; v <= pairs; v++) {
                c.notification("textDocument/didChange",
                        "{\"textDocument\":{\"uri\":\"file:///a\",\"version\":" + v + "}}");
                c.request(v, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///a\"}}");
                if (v - answered >= window) {
                    check(c.readResponse());
                    answered++;
                }
            }
            while (answered < pairs) {
                check(c.readResponse());
                answered++;
            }
        }
    }

    private static void check(JsonNode r) {
        assertEquals(r.get("id").asInt(), r.path("result").asInt(), "hover " + r.get("id") + " saw: " + r);
    }

    @Test
    void aSlowChangeOnOneDocumentDoesNotDelayHoversOnAnother() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JsonRpcServer server = LanguageServer.builder()
                .notification("textDocument/didChange", Change.class, (ctx, p) -> {
                    slowStarted.countDown();
                    while (!release.await(10, TimeUnit.MILLISECONDS)) {
                        Zsync.yieldNow();
                    }
                })
                .request("textDocument/hover", At.class, (ctx, p) -> p.textDocument().uri())
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.notification("textDocument/didChange", "{\"textDocument\":{\"uri\":\"file:///A\",\"version\":1}}");
            assertTrue(slowStarted.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 20; i++) {
                c.request(i, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///B\"}}");
                assertEquals("file:///B", c.readResponse().path("result").asString());
            }
            c.request(21, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///A\"}}");
            release.countDown();
            assertEquals("file:///A", c.readResponse().path("result").asString(), "A's hover after A's change");
        }
    }

    @Test
    void aCancelledSleepingHandlerIsAnsweredRequestCancelledAndSawIt() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicInteger sawCancel = new AtomicInteger();
        JsonRpcServer server = LanguageServer.builder()
                .request("test/sleep", Void.class, (ctx, p) -> {
                    sleeping.countDown();
                    try {
                        Zsync.sleep(Duration.ofSeconds(60));
                    } catch (TaskCancelledException e) {
                        sawCancel.incrementAndGet();
                        throw e;
                    }
                    return "slept";
                })
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.request(1, "test/sleep", null);
            assertTrue(sleeping.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            c.notification("$/cancelRequest", "{\"id\":1}");
            JsonNode r = c.readResponse();
            long micros = (System.nanoTime() - t0) / 1000;
            System.out.println("cancel -> -32800 answered in " + micros + " µs");
            assertEquals(ErrorCodes.REQUEST_CANCELLED, r.path("error").path("code").asInt(), r.toString());
            assertEquals(1, sawCancel.get(), "the handler saw the cancellation");
        }
    }

    @Test
    void aCancelInTheSameWriteAsItsRequestAndRequestsQueuedBehindALimitNeverRun() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch blockerRunning = new CountDownLatch(1);
        JsonRpcServer server = LanguageServer.builder()
                .maxConcurrentRequests(1)
                .request("test/block", Void.class, (ctx, p) -> {
                    blockerRunning.countDown();
                    Zsync.sleep(Duration.ofSeconds(60));
                    return null;
                })
                .request("test/count", Void.class, (ctx, p) -> ran.incrementAndGet())
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            String request = "{\"jsonrpc\":\"2.0\",\"id\":\"same\",\"method\":\"test/count\"}";
            String cancel = "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"same\"}}";
            c.raw("Content-Length: " + request.length() + "\r\n\r\n" + request
                    + "Content-Length: " + cancel.length() + "\r\n\r\n" + cancel);
            JsonNode first = c.readResponse();
            boolean cancelledInTime = first.path("error").path("code").asInt() == ErrorCodes.REQUEST_CANCELLED;
            // the request may have run before the reader read its cancellation; either way it is answered once
            assertTrue(cancelledInTime || first.path("result").asInt() == 1, first.toString());
            int before = ran.get();

            c.request(0, "test/block", null);
            assertTrue(blockerRunning.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 100; i++) {
                c.request(i, "test/count", null);
            }
            for (int i = 1; i <= 100; i++) {
                c.notification("$/cancelRequest", "{\"id\":" + i + "}");
            }
            for (int i = 1; i <= 100; i++) {
                JsonNode r = c.readResponse();
                assertEquals(ErrorCodes.REQUEST_CANCELLED, r.path("error").path("code").asInt(), r.toString());
            }
            assertEquals(before, ran.get(), "none of the 100 queued requests ran");
            c.notification("$/cancelRequest", "{\"id\":0}");
            assertEquals(0, c.readResponse().get("id").asInt());
        }
    }

    @Test
    void handlersAwaitTheClientAlsoWithTheInboundChannelFull() throws Exception {
        record Config(String section) {
        }
        AtomicInteger progressBegun = new AtomicInteger();
        JsonRpcServer server = LanguageServer.builder()
                .inboundCapacity(4)
                .maxConcurrentRequests(8)
                .request("test/config", Void.class, (ctx, p) -> ctx.client()
                        .request("workspace/configuration", Map.of("items", java.util.List.of(new Config("a"))),
                                RawJson.class).await().text())
                .notification("test/progress", Void.class, (ctx, p) -> {
                    try (Progress pr = ctx.progress("indexing")) {
                        if (pr.isReported()) {
                            progressBegun.incrementAndGet();
                        }
                        pr.report("half", 50);
                    }
                })
                .build();
        int n = 1000;
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.notification("test/progress", null);
            JsonNode create = c.read();
            assertEquals("window/workDoneProgress/create", create.path("method").asString(), create.toString());
            c.send("{\"jsonrpc\":\"2.0\",\"id\":" + create.get("id") + ",\"result\":null}");
            assertEquals("begin", c.read().path("params").path("value").path("kind").asString());
            JsonNode next = c.read();
            if (next.path("params").path("value").path("kind").asString().equals("report")) {
                next = c.read();
            }
            assertEquals("end", next.path("params").path("value").path("kind").asString(), next.toString());
            assertEquals(1, progressBegun.get());

            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 1; i <= n; i++) {
                        c.request(i, "test/config", null);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int done = 0;
            java.util.Set<Integer> answered = new java.util.HashSet<>();
            while (done < n) {
                JsonNode m = c.read();
                if (m.has("method")) {   // the server asks: answer at once
                    c.send("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + ",\"result\":[{\"v\":1}]}");
                } else {
                    assertEquals("[{\"v\":1}]", m.path("result").asString(), m.toString());
                    assertTrue(answered.add(m.get("id").asInt()), "answered once: " + m);
                    done++;
                }
            }
            writer.join();
            assertEquals(n, answered.size());
        }
    }
}
