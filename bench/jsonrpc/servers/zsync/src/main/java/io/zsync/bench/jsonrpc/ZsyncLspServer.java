package io.zsync.bench.jsonrpc;

import io.zsync.Zsync;
import io.zsync.jsonrpc.JsonRpcServer;
import io.zsync.jsonrpc.lsp.LanguageServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The zsync side of bench/jsonrpc's LSP benchmark: a {@link LanguageServer} over stdio with the handlers every
 * contender shares (see {@code Lsp4jServer}, whose handlers do the same):
 *
 * <ul>
 *   <li>{@code textDocument/didOpen}, {@code textDocument/didChange}: store the document's text and version in a
 *       concurrent map (full sync: the last content change is the text);
 *   <li>{@code textDocument/hover}: {@code {"contents": {"kind": "plaintext", "value": "line L, character C,
 *       version V"}}} from the params and the stored version (-1 if the document is unknown);
 *   <li>{@code test/sleep}: sleeps {@code params.ms} milliseconds, answers {@code params.ms}.
 * </ul>
 *
 * <p>Defaults otherwise, but for {@code maxConcurrentRequests(64)} said out loud (it is the default).
 */
public final class ZsyncLspServer {
    private ZsyncLspServer() {
    }

    record DocumentId(String uri) {
    }

    record Position(int line, int character) {
    }

    record HoverParams(DocumentId textDocument, Position position) {
    }

    record MarkupContent(String kind, String value) {
    }

    record Hover(MarkupContent contents) {
    }

    record TextDocumentItem(String uri, int version, String text) {
    }

    record DidOpen(TextDocumentItem textDocument) {
    }

    record VersionedDocument(String uri, int version) {
    }

    record ContentChange(String text) {
    }

    record DidChange(VersionedDocument textDocument, List<ContentChange> contentChanges) {
    }

    record Sleep(int ms) {
    }

    record Doc(String text, int version) {
    }

    static JsonRpcServer server() {
        Map<String, Doc> docs = new ConcurrentHashMap<>();
        return LanguageServer.builder()
                .serverInfo("zsync-bench", "1.0")
                .capabilities(Map.of("textDocumentSync", 1, "hoverProvider", true))
                .maxConcurrentRequests(64)
                .notification("textDocument/didOpen", DidOpen.class, (ctx, p) ->
                        docs.put(p.textDocument().uri(), new Doc(p.textDocument().text(), p.textDocument().version())))
                .notification("textDocument/didChange", DidChange.class, (ctx, p) ->
                        docs.put(p.textDocument().uri(),
                                new Doc(p.contentChanges().getLast().text(), p.textDocument().version())))
                .request("textDocument/hover", HoverParams.class, (ctx, p) -> {
                    Doc doc = docs.get(p.textDocument().uri());
                    return new Hover(new MarkupContent("plaintext", "line " + p.position().line() + ", character "
                            + p.position().character() + ", version " + (doc == null ? -1 : doc.version())));
                })
                .request("test/sleep", Sleep.class, (ctx, p) -> {
                    Zsync.sleep(Duration.ofMillis(p.ms()));
                    return p.ms();
                })
                .build();
    }

    /**
     * Serves stdin and stdout until {@code exit} or the end of stdin.
     *
     * @param args ignored
     * @throws Exception if the runtime fails
     */
    public static void main(String[] args) throws Exception {
        int status = Zsync.run(() -> server().serveStdio());
        if (status != 0) {
            System.exit(status);   // 0: main returns, and the JVM ends without System.exit's logger look-up
        }
    }
}
