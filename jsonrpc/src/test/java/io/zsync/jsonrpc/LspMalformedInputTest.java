package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.jsonrpc.lsp.LanguageServer;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Raw frames at an LSP server: each kind of bad input gets the error item 3 of the issue names, and the server goes
 * on serving (an echo request after each proves it).
 */
@Timeout(30)
class LspMalformedInputTest {
    record Position(int line, int character) {
    }

    record TextDocument(String uri) {
    }

    record HoverParams(TextDocument textDocument, Position position) {
    }

    record Echo(String text, @Nullable String note) {
    }

    static JsonRpcServer server() {
        return LanguageServer.builder()
                .capabilities(Map.of("hoverProvider", true))
                .maxMessageBytes(1024 * 1024)
                .request("textDocument/hover", HoverParams.class,
                        (ctx, p) -> Map.of("contents", p.textDocument().uri() + ":" + p.position().line()))
                .request("test/echo", Echo.class, (ctx, p) -> p.text())
                .request("test/print", Void.class, (ctx, p) -> {
                    System.out.println("a stray line on stdout");
                    return "printed";
                })
                .build();
    }

    private static void stillServes(Conn c) throws Exception {
        c.request("\"echo\"", "test/echo", "{\"text\":\"still here\"}");
        JsonNode r = c.readResponse();
        assertEquals("\"echo\"", r.get("id").toString(), r.toString());
        assertEquals("still here", r.path("result").asString(), r.toString());
    }

    private static void assertError(JsonNode r, int code, @Nullable String idJson, String mentions) {
        assertEquals(code, r.path("error").path("code").asInt(), r.toString());
        assertEquals(idJson == null ? "null" : idJson, r.get("id").toString(), r.toString());
        assertTrue(r.path("error").path("message").asString().contains(mentions),
                "the message names " + mentions + ": " + r);
    }

    @Test
    void badContentLengthsAreAnsweredAndTheServerResynchronises() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.initialize();
            c.raw("Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/echo\"}");
            assertError(c.read(), ErrorCodes.PARSE_ERROR, null, "Content-Length");
            stillServes(c);
            c.raw("Content-Length: -5\r\n\r\n{}");
            assertError(c.read(), ErrorCodes.PARSE_ERROR, null, "Content-Length");
            stillServes(c);
            c.raw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\"}");
            assertError(c.read(), ErrorCodes.PARSE_ERROR, null, "without Content-Length");
            stillServes(c);
        }
    }

    @Test
    void anOverLimitBodyIsSkippedWithoutBeingBuffered() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.initialize();
            int big = 3 * 1024 * 1024;
            c.raw("Content-Length: " + big + "\r\n\r\n" + "x".repeat(big));
            assertError(c.read(), ErrorCodes.PARSE_ERROR, null, "over the limit");
            stillServes(c);
        }
    }

    @Test
    void truncatedJsonBatchesAndMissingVersionAreRefused() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.initialize();
            c.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"test/ec");
            assertError(c.read(), ErrorCodes.PARSE_ERROR, null, "Parse error");
            c.send("[1,2,3]");
            assertError(c.read(), ErrorCodes.INVALID_REQUEST, null, "batches");
            c.send("{\"id\":6,\"method\":\"test/echo\",\"params\":{\"text\":\"x\"}}");
            assertError(c.read(), ErrorCodes.INVALID_REQUEST, "6", "jsonrpc");
            c.request(7, "no/such", "{}");
            assertError(c.read(), ErrorCodes.METHOD_NOT_FOUND, "7", "no/such");
            c.request(8, "$/unknown", "{}");
            assertError(c.read(), ErrorCodes.METHOD_NOT_FOUND, "8", "$/unknown");
            c.notification("no/such/notification", "{}");   // dropped, nothing answered
            stillServes(c);
        }
    }

    @Test
    void paramsThatDoNotFitNameTheField() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.initialize();
            c.request(1, "textDocument/hover",
                    "{\"textDocument\":{\"uri\":\"file:///a\"},\"position\":{\"line\":\"five\",\"character\":0}}");
            assertError(c.read(), ErrorCodes.INVALID_PARAMS, "1", "params.position.line");
            c.request(2, "textDocument/hover", "{\"textDocument\":{\"uri\":\"file:///a\"}}");
            assertError(c.read(), ErrorCodes.INVALID_PARAMS, "2", "params.position");
            c.request(3, "textDocument/hover", "{\"textDocument\":{},\"position\":{\"line\":1,\"character\":0}}");
            assertError(c.read(), ErrorCodes.INVALID_PARAMS, "3", "params.textDocument.uri");
            c.request(4, "textDocument/hover", null);
            assertError(c.read(), ErrorCodes.INVALID_PARAMS, "4", "params are missing");
            c.request(5, "test/echo", "{\"text\":\"optional note left out\"}");
            assertEquals("optional note left out", c.read().path("result").asString());
        }
    }

    @Test
    void lifecycleBeforeInitializeAndAfterShutdown() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.request(1, "test/echo", "{\"text\":\"x\"}");
            assertError(c.read(), ErrorCodes.SERVER_NOT_INITIALIZED, "1", "initialize");
            c.initialize();
            c.request(2, "initialize", "{\"capabilities\":{}}");
            assertError(c.read(), ErrorCodes.INVALID_REQUEST, "2", "already");
            c.request(3, "shutdown", null);
            JsonNode r = c.read();
            assertTrue(r.has("result") && r.get("result").isNull(), "shutdown answers null: " + r);
            c.request(4, "test/echo", "{\"text\":\"x\"}");
            assertError(c.read(), ErrorCodes.INVALID_REQUEST, "4", "shut down");
            c.notification("exit", null);
            assertEquals(0, c.status(Duration.ofSeconds(5)), "exit after shutdown: status 0");
        }
    }

    @Test
    void exitInTheSameWriteAsShutdownIsStillStatusZero() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.initialize();
            String shutdown = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}";
            String exit = "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}";
            c.raw("Content-Length: " + shutdown.length() + "\r\n\r\n" + shutdown
                    + "Content-Length: " + exit.length() + "\r\n\r\n" + exit);
            assertEquals(0, c.status(Duration.ofSeconds(5)), "shutdown was received before exit");
        }
    }

    @Test
    void exitWithoutShutdownIsStatusOneAndSoIsTheEndOfInput() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.initialize();
            c.notification("exit", null);
            assertEquals(1, c.status(Duration.ofSeconds(5)));
        }
        try (Conn c = Conn.open(server())) {
            c.initialize();
            c.closeInput();
            assertEquals(1, c.status(Duration.ofSeconds(5)), "end of input without shutdown");
        }
    }

    @Test
    void aLengthLongerThanTheBodyThenTheEndOfInput() throws Exception {
        try (Conn c = Conn.open(server())) {
            c.initialize();
            c.raw("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\"}");
            c.closeInput();
            assertError(c.read(), ErrorCodes.PARSE_ERROR, null, "input ended");
            assertEquals(1, c.status(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aSixteenMebibyteMultibyteDocumentRoundTrips() throws Exception {
        JsonRpcServer server = LanguageServer.builder()
                .maxMessageBytes(64 * 1024 * 1024)
                .request("test/echo", Echo.class, (ctx, p) -> p.text())
                .build();
        String unit = "héllo wörld ✓ 𝄞 ";   // 2-, 3- and 4-byte UTF-8 sequences
        String text = unit.repeat(16 * 1024 * 1024 / unit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1);
        try (Conn c = Conn.open(server)) {
            c.initialize();
            c.request(1, "test/echo", "{\"text\":" + Conn.JSON.writeValueAsString(text) + "}");
            JsonNode r = c.read();
            assertEquals(text, r.path("result").asString(), "the text came back unchanged");
            assertTrue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 16 * 1024 * 1024, "16 MiB");
        }
    }
}
