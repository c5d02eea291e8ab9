package io.zsync.bench.jsonrpc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The peer of {@code ZsyncLspServer} in bench/jsonrpc: an Eclipse LSP4J 1.0.0 language server over stdio with the
 * same handlers, written as LSP4J's users write them:
 *
 * <ul>
 *   <li>{@code didOpen}, {@code didChange}: store text and version in a concurrent map, on LSP4J's reader thread
 *       (where LSP4J calls every handler);
 *   <li>{@code textDocument/hover}: the same {@code MarkupContent} from the params and the stored version, computed
 *       on the reader thread and returned as a completed future (LSP4J's cheapest path);
 *   <li>{@code test/sleep}: a {@code @JsonRequest} on the server; the 10 ms sleep runs on a virtual thread of
 *       {@code Executors.newVirtualThreadPerTaskExecutor()} ({@code CompletableFuture.supplyAsync}), since sleeping
 *       on the reader thread would serve one request at a time; no limit on how many run at once;
 *   <li>{@code shutdown} answers null; {@code exit} calls {@code System.exit} (0 after shutdown, else 1).
 * </ul>
 *
 * <p>The launcher is {@code LSPLauncher.createServerLauncher(server, System.in, System.out)}: defaults.
 *
 * <p>With {@code -Dlsp4j.offload=true} (contender {@code lsp4j-offload}) hover is computed off the reader thread, on
 * a virtual thread of {@code Executors.newVirtualThreadPerTaskExecutor()} ({@code CompletableFuture.supplyAsync}):
 * the usual fix for handlers that block or call back the client (lsp4j #775), and the shape zsync has by design (a
 * task per request, off the reader). It shows what leaving the reader thread costs LSP4J itself; it also loses the
 * order of a hover after a change (the driver counts such answers as wrong).
 */
public final class Lsp4jServer implements LanguageServer {
    private final Map<String, Doc> docs = new ConcurrentHashMap<>();
    private final ExecutorService sleepers = Executors.newVirtualThreadPerTaskExecutor();
    private static final boolean OFFLOAD = Boolean.getBoolean("lsp4j.offload");
    private final Documents documents = new Documents();
    private volatile boolean shutdown;   // written by shutdown(), read by exit(): both on the reader thread

    record Doc(String text, int version) {
    }

    /** The params of {@code test/sleep}, read by LSP4J's Gson. */
    public static final class SleepParams {
        /** How long to sleep, in milliseconds. */
        public int ms;
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities capabilities = new ServerCapabilities();
        capabilities.setTextDocumentSync(TextDocumentSyncKind.Full);
        capabilities.setHoverProvider(true);
        return CompletableFuture.completedFuture(
                new InitializeResult(capabilities, new ServerInfo("lsp4j-bench", "1.0")));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        System.exit(shutdown ? 0 : 1);
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return new WorkspaceService() {
            @Override
            public void didChangeConfiguration(DidChangeConfigurationParams params) {
            }

            @Override
            public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
            }
        };
    }

    /**
     * {@code test/sleep}: sleeps {@code ms} on a virtual thread, answers {@code ms}.
     *
     * @param params how long
     * @return {@code ms}, once slept
     */
    @JsonRequest("test/sleep")
    public CompletableFuture<Integer> sleep(SleepParams params) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(params.ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return params.ms;
        }, sleepers);
    }

    private final class Documents implements TextDocumentService {
        @Override
        public void didOpen(DidOpenTextDocumentParams params) {
            docs.put(params.getTextDocument().getUri(),
                    new Doc(params.getTextDocument().getText(), params.getTextDocument().getVersion()));
        }

        @Override
        public void didChange(DidChangeTextDocumentParams params) {
            List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
            docs.put(params.getTextDocument().getUri(),
                    new Doc(changes.getLast().getText(), params.getTextDocument().getVersion()));
        }

        @Override
        public void didClose(DidCloseTextDocumentParams params) {
            docs.remove(params.getTextDocument().getUri());
        }

        @Override
        public void didSave(DidSaveTextDocumentParams params) {
        }

        @Override
        public CompletableFuture<Hover> hover(HoverParams params) {
            if (OFFLOAD) {
                return CompletableFuture.supplyAsync(() -> hoverNow(params), sleepers);
            }
            return CompletableFuture.completedFuture(hoverNow(params));
        }

        private Hover hoverNow(HoverParams params) {
            Doc doc = docs.get(params.getTextDocument().getUri());
            return new Hover(new MarkupContent("plaintext",
                    "line " + params.getPosition().getLine() + ", character " + params.getPosition().getCharacter()
                            + ", version " + (doc == null ? -1 : doc.version())));
        }
    }

    /**
     * Serves stdin and stdout until {@code exit}.
     *
     * @param args ignored
     * @throws Exception if listening fails
     */
    public static void main(String[] args) throws Exception {
        Lsp4jServer server = new Lsp4jServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, System.in, System.out);
        launcher.startListening().get();
    }
}
