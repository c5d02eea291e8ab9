package io.zsync.samples.lsp;

import io.zsync.Zsync;
import io.zsync.jsonrpc.JsonRpcServer;
import io.zsync.jsonrpc.Progress;
import io.zsync.jsonrpc.lsp.LanguageServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A language server for plain text over stdio: hover shows the word under the cursor, completion offers the
 * document's words, every change publishes a warning per line that contains "TODO", and "sample/countWords" is a
 * slow command (0.1 s a line) that reports progress and stops when cancelled. Documents are synced in full.
 *
 * <p>Run it from an editor, or: {@code ./mvnw -q -pl samples -am -DskipTests package exec:exec
 * -Dsample=io.zsync.samples.lsp.LspSample} and type LSP frames at it.
 */
public final class LspSample {
    private LspSample() {
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

    record DocumentId(String uri) {
    }

    record DidClose(DocumentId textDocument) {
    }

    record Position(int line, int character) {
    }

    record PositionParams(DocumentId textDocument, Position position) {
    }

    record Range(Position start, Position end) {
    }

    record Diagnostic(Range range, int severity, String source, String message) {
    }

    record Diagnostics(String uri, int version, List<Diagnostic> diagnostics) {
    }

    record CompletionItem(String label, int kind) {
    }

    record Hover(String contents) {
    }

    record Text(String text, int version) {
    }

    /** The server, for main and for tests. */
    public static JsonRpcServer server() {
        Map<String, Text> docs = new ConcurrentHashMap<>();
        return LanguageServer.builder()
                .serverInfo("zsync-lsp-sample", "0.1")
                .capabilities(Map.of(
                        "textDocumentSync", 1,
                        "hoverProvider", true,
                        "completionProvider", Map.of()))
                .notification("textDocument/didOpen", DidOpen.class, (ctx, p) -> {
                    TextDocumentItem d = p.textDocument();
                    docs.put(d.uri(), new Text(d.text(), d.version()));
                    ctx.client().notify("textDocument/publishDiagnostics", diagnose(d.uri(), d.version(), d.text()));
                })
                .notification("textDocument/didChange", DidChange.class, (ctx, p) -> {
                    String text = p.contentChanges().getLast().text();
                    VersionedDocument d = p.textDocument();
                    docs.put(d.uri(), new Text(text, d.version()));
                    ctx.client().notify("textDocument/publishDiagnostics", diagnose(d.uri(), d.version(), text));
                })
                .notification("textDocument/didClose", DidClose.class, (ctx, p) -> docs.remove(p.textDocument().uri()))
                .request("textDocument/hover", PositionParams.class, (ctx, p) -> {
                    Text doc = docs.get(p.textDocument().uri());
                    String word = doc == null ? "" : wordAt(doc.text(), p.position());
                    return word.isEmpty() ? null : new Hover("`" + word + "` (version " + doc.version() + ")");
                })
                .request("textDocument/completion", PositionParams.class, (ctx, p) -> {
                    Text doc = docs.get(p.textDocument().uri());
                    ctx.releaseLane();   // the snapshot is taken: later changes need not wait for the list
                    List<CompletionItem> items = new ArrayList<>();
                    if (doc != null) {
                        for (String w : doc.text().split("\\W+")) {
                            if (!w.isEmpty() && items.stream().noneMatch(i -> i.label().equals(w))) {
                                items.add(new CompletionItem(w, 1));
                            }
                        }
                    }
                    return items;
                })
                .request("sample/countWords", DocumentId.class, (ctx, p) -> {
                    Text doc = docs.get(p.uri());
                    String[] lines = doc == null ? new String[0] : doc.text().split("\n", -1);
                    ctx.releaseLane();
                    int words = 0;
                    try (Progress progress = ctx.progress("Counting words")) {
                        for (int i = 0; i < lines.length; i++) {
                            Zsync.sleep(Duration.ofMillis(100));   // slow work: a cancellation interrupts it here
                            words += lines[i].isBlank() ? 0 : lines[i].trim().split("\\s+").length;
                            progress.report("line " + (i + 1), 100 * (i + 1) / lines.length);
                        }
                    }
                    return words;
                })
                .build();
    }

    static Diagnostics diagnose(String uri, int version, String text) {
        List<Diagnostic> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf("TODO");
            if (at >= 0) {
                found.add(new Diagnostic(new Range(new Position(i, at), new Position(i, at + 4)), 2,
                        "zsync-sample", "a TODO is left here"));
            }
        }
        return new Diagnostics(uri, version, found);
    }

    static String wordAt(String text, Position p) {
        String[] lines = text.split("\n", -1);
        if (p.line() >= lines.length) {
            return "";
        }
        String line = lines[p.line()];
        int s = Math.min(p.character(), line.length());
        int e = s;
        while (s > 0 && Character.isLetterOrDigit(line.charAt(s - 1))) {
            s--;
        }
        while (e < line.length() && Character.isLetterOrDigit(line.charAt(e))) {
            e++;
        }
        return line.substring(s, e);
    }

    /**
     * Serves standard input and output until the editor says exit (or goes away).
     *
     * @param args ignored
     * @throws Exception if the runtime fails
     */
    public static void main(String[] args) throws Exception {
        int status = Zsync.run(() -> server().serveStdio());
        if (status != 0) {
            System.exit(status);
        }   // 0: main returns and the JVM ends (no zsync thread keeps it alive), without System.exit's logger look-up
    }
}
