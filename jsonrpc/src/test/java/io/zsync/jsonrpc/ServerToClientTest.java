package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.jsonrpc.lsp.LanguageServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** The server's requests and notifications to the client, a change cancelling requests, the client process watch. */
@Timeout(60)
class ServerToClientTest {
    record Doc(String uri) {
    }

    record At(Doc textDocument) {
    }

    record Versioned(String uri, int version) {
    }

    record Change(Versioned textDocument) {
    }

    /** $/logTrace goes out only while the client asks for traces; its verbose part only at verbose. */
    @Test
    void traceLinesFollowTheLevelTheClientSet() throws Exception {
        JsonRpcServer server = LanguageServer.builder()
                .request("test/trace", Void.class, (ctx, p) -> ctx.client().logTrace("did it", "in detail"))
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();   // no trace in initialize: off
            c.request(1, "test/trace", null);
            JsonNode r = c.read();
            assertEquals(false, r.path("result").asBoolean(true), "nothing sent while off: " + r);

            c.notification("$/setTrace", "{\"value\":\"verbose\"}");
            c.request(2, "test/trace", null);
            JsonNode[] two = {c.read(), c.read()};   // the answer may overtake the notification (it is urgent)
            JsonNode trace = two[0].has("method") ? two[0] : two[1];
            assertEquals("$/logTrace", trace.path("method").asString(), trace.toString());
            assertEquals("did it", trace.path("params").path("message").asString());
            assertEquals("in detail", trace.path("params").path("verbose").asString());
            assertEquals(true, (two[0].has("method") ? two[1] : two[0]).path("result").asBoolean(false));

            c.notification("$/setTrace", "{\"value\":\"messages\"}");
            c.request(3, "test/trace", null);
            two = new JsonNode[] {c.read(), c.read()};
            trace = two[0].has("method") ? two[0] : two[1];
            assertEquals("did it", trace.path("params").path("message").asString(), trace.toString());
            assertTrue(trace.path("params").path("verbose").isMissingNode(), "no verbose part: " + trace);
            assertEquals(true, (two[0].has("method") ? two[1] : two[0]).path("result").asBoolean(false));

            c.notification("$/setTrace", "{\"value\":\"off\"}");
            c.request(4, "test/trace", null);
            assertEquals(false, c.read().path("result").asBoolean(true));
        }
    }

    @Test
    void aClientRequestTimesOutAndIsCancelledOnceAndACancelledTaskTellsTheClientOnce() throws Exception {
        AtomicReference<Task<RawJson>> pending = new AtomicReference<>();
        CountDownLatch asked = new CountDownLatch(1);
        JsonRpcServer server = LanguageServer.builder()
                .request("test/ask", Void.class, (ctx, p) -> {
                    try {
                        return ctx.client().request("client/slow", Map.of("q", 1), RawJson.class,
                                Duration.ofMillis(200)).await();
                    } catch (io.zsync.TaskFailedException e) {
                        return "timed out: " + ((JsonRpcException) e.getCause()).code();
                    }
                })
                .request("test/askAndLeave", Void.class, (ctx, p) -> {
                    pending.set(ctx.client().request("client/never", null, RawJson.class));
                    asked.countDown();
                    return "asked";
                })
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.request(1, "test/ask", null);
            JsonNode ask = c.read();
            assertEquals("client/slow", ask.path("method").asString(), ask.toString());
            JsonNode cancel = c.read();   // no answer from us: after 200 ms the server gives up and says so
            assertEquals("$/cancelRequest", cancel.path("method").asString(), cancel.toString());
            assertEquals(ask.get("id"), cancel.path("params").get("id"));
            JsonNode r = c.read();
            assertEquals("timed out: " + ErrorCodes.REQUEST_CANCELLED, r.path("result").asString(), r.toString());
            c.send("{\"jsonrpc\":\"2.0\",\"id\":" + ask.get("id") + ",\"result\":\"too late\"}");   // dropped

            c.request(2, "test/askAndLeave", null);
            JsonNode never = c.read();
            assertEquals("client/never", never.path("method").asString());
            assertEquals("asked", c.read().path("result").asString());
            assertTrue(asked.await(5, TimeUnit.SECONDS));
            Task<RawJson> t = pending.get();
            t.cancel();
            t.cancel();
            JsonNode told = c.read();
            assertEquals("$/cancelRequest", told.path("method").asString(), told.toString());
            assertEquals(never.get("id"), told.path("params").get("id"));
            c.request(3, "test/ask", null);   // the next message is this exchange's: no second cancellation
            assertEquals("client/slow", c.read().path("method").asString());
        }
    }

    @Test
    void aChangeCancelsTheRequestsInFlightOnItsDocumentWithContentModified() throws Exception {
        CountDownLatch hovering = new CountDownLatch(1);
        JsonRpcServer server = LanguageServer.builder()
                .cancelOnChange(true)
                .notification("textDocument/didChange", Change.class, (ctx, p) -> { })
                .request("textDocument/hover", At.class, (ctx, p) -> {
                    if (p.textDocument().uri().endsWith("slow")) {
                        hovering.countDown();
                        Zsync.sleep(Duration.ofSeconds(60));
                    }
                    return p.textDocument().uri();
                })
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.request(1, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///slow\"}}");
            assertTrue(hovering.await(10, TimeUnit.SECONDS));
            c.notification("textDocument/didChange", "{\"textDocument\":{\"uri\":\"file:///other\",\"version\":2}}");
            c.request(2, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///other\"}}");
            assertEquals(2, c.read().get("id").asInt(), "a change to another document cancels nothing");
            c.notification("textDocument/didChange", "{\"textDocument\":{\"uri\":\"file:///slow\",\"version\":2}}");
            JsonNode r = c.read();
            assertEquals(1, r.get("id").asInt());
            assertEquals(ErrorCodes.CONTENT_MODIFIED, r.path("error").path("code").asInt(), r.toString());
        }
    }

    @Test
    void diagnosticsForADocumentReplaceUnsentOnes() throws Exception {
        int publishes = 20_000;
        String big = "x".repeat(1000);
        CountDownLatch published = new CountDownLatch(1);
        JsonRpcServer server = LanguageServer.builder()
                .request("test/publish", Void.class, (ctx, p) -> {
                    for (int v = 1; v <= publishes; v++) {
                        ctx.client().notify("textDocument/publishDiagnostics",
                                Map.of("uri", "file:///a", "version", v, "diagnostics", java.util.List.of(),
                                        "padding", big));
                    }
                    published.countDown();
                    return "published";
                })
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.request(1, "test/publish", null);
            // not reading until all are published: the pipe fills, and unsent diagnostics are replaced meanwhile
            assertTrue(published.await(30, TimeUnit.SECONDS), "the handler published all without waiting");
            int seen = 0;
            int last = 0;
            for (;;) {
                JsonNode m = c.read();
                if (m.has("id")) {
                    break;
                }
                int v = m.path("params").path("version").asInt();
                assertTrue(v > last, "in order: " + v + " after " + last);
                last = v;
                seen++;
            }
            while (last < publishes) {
                last = c.read().path("params").path("version").asInt();
                seen++;
            }
            System.out.println("diagnostics: " + publishes + " published, " + seen + " sent");
            assertEquals(publishes, last, "the latest always arrives");
            assertTrue(seen < publishes, "unsent ones were replaced (" + seen + " sent of " + publishes + ")");
        }
    }

    @Test
    void theServerEndsWhenTheClientProcessNamedByInitializeExits() throws Exception {
        Process client = new ProcessBuilder("sleep", "60").start();
        JsonRpcServer server = LanguageServer.builder().build();
        try (Conn c = Conn.open(server)) {
            c.request(0, "initialize", "{\"processId\":" + client.pid() + ",\"capabilities\":{}}");
            assertTrue(c.read().has("result"));
            long t0 = System.nanoTime();
            client.destroyForcibly().waitFor();
            assertEquals(1, c.status(Duration.ofSeconds(20)), "the client is gone: status 1");
            System.out.println("client process killed -> serve returned in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void aNotificationHandlerAwaitsTheClient() throws Exception {
        JsonRpcServer server = LanguageServer.builder()
                .notification("test/config", Void.class, (ctx, p) -> {
                    RawJson config = ctx.client().request("workspace/configuration", Map.of("items",
                            java.util.List.of()), RawJson.class).await();
                    ctx.client().logMessage(3, "config is " + config);
                })
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.notification("test/config", null);
            JsonNode ask = c.read();
            c.send("{\"jsonrpc\":\"2.0\",\"id\":" + ask.get("id") + ",\"result\":[{\"tabs\":4}]}");
            JsonNode log = c.read();
            assertEquals("window/logMessage", log.path("method").asString());
            assertEquals("config is [{\"tabs\":4}]", log.path("params").path("message").asString());
        }
    }

    @Test
    void aClientRequestFromAnEndedConnectionIsRefused() throws Exception {
        AtomicReference<Context> kept = new AtomicReference<>();
        JsonRpcServer server = LanguageServer.builder()
                .request("test/keep", Void.class, (ctx, p) -> {
                    kept.set(ctx);
                    return null;
                })
                .build();
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.request(1, "test/keep", null);
            c.read();
            c.closeInput();
            c.status(Duration.ofSeconds(5));
        }
        try {
            kept.get().client().request("x", null, Void.class);
            throw new AssertionError("a request after the end was accepted");
        } catch (TaskCancelledException expected) {
            assertTrue(expected.getMessage().contains("ended"), expected.getMessage());
        }
    }
}
