package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import io.zsync.jsonrpc.mcp.McpServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Raw lines at an MCP server: the same classes of bad input as for LSP, and cancellation without an answer. */
@Timeout(30)
class McpFramingTest {
    record Add(int a, int b) {
    }

    private static void assertError(JsonNode r, int code, String idJson, String mentions) {
        assertEquals(code, r.path("error").path("code").asInt(), r.toString());
        assertEquals(idJson, r.get("id").toString(), r.toString());
        assertTrue(r.path("error").path("message").asString().contains(mentions), "names " + mentions + ": " + r);
    }

    @Test
    void badLinesGetErrorsAndTheServerGoesOn() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        JsonRpcServer server = McpServer.builder("test", "1")
                .maxMessageBytes(64 * 1024)
                .tool("add", "adds", Add.class, (ctx, a) -> String.valueOf(a.a() + a.b()))
                .tool("sleep", "sleeps", Void.class, (ctx, a) -> {
                    sleeping.countDown();
                    try {
                        Zsync.sleep(Duration.ofSeconds(60));
                    } catch (io.zsync.TaskCancelledException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return "slept";
                })
                .build();
        try (Conn c = Conn.openLines(server)) {
            c.request(0, "initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
            JsonNode init = c.read();
            assertEquals("2025-06-18", init.path("result").path("protocolVersion").asString(), init.toString());
            c.raw("this is not json\n");
            assertError(c.read(), ErrorCodes.PARSE_ERROR, "null", "Parse error");
            c.raw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"\n");
            assertError(c.read(), ErrorCodes.PARSE_ERROR, "null", "Parse error");
            c.raw("x".repeat(100_000) + "\n");
            assertError(c.read(), ErrorCodes.PARSE_ERROR, "null", "over the limit");
            c.raw("\n\r\n   \n");   // blank lines: nothing
            c.send("[1,2,3]");
            assertError(c.read(), ErrorCodes.INVALID_REQUEST, "null", "batches");
            c.send("{\"id\":2,\"method\":\"ping\"}");
            assertError(c.read(), ErrorCodes.INVALID_REQUEST, "2", "jsonrpc");
            c.request(3, "resources/list", "{}");
            assertError(c.read(), ErrorCodes.METHOD_NOT_FOUND, "3", "resources/list");
            c.request(4, "tools/call", "{\"name\":\"nope\",\"arguments\":{}}");
            assertError(c.read(), ErrorCodes.INVALID_PARAMS, "4", "nope");
            c.request(5, "tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":1}}");
            assertError(c.read(), ErrorCodes.INVALID_PARAMS, "5", "arguments.b");
            c.request(6, "tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":\"2\"}}");
            assertError(c.read(), ErrorCodes.INVALID_PARAMS, "6", "arguments.b");
            c.request(7, "tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}");
            assertEquals("3", c.read().path("result").path("content").path(0).path("text").asString());

            c.request(8, "tools/call", "{\"name\":\"sleep\",\"arguments\":{}}");
            assertTrue(sleeping.await(10, TimeUnit.SECONDS));
            c.notification("notifications/cancelled", "{\"requestId\":8,\"reason\":\"changed my mind\"}");
            c.request(9, "ping", null);
            JsonNode next = c.read();
            assertEquals(9, next.get("id").asInt(), "no answer for the cancelled call; the ping's: " + next);
            assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the cancelled tool's task was interrupted");
        }
    }
}
