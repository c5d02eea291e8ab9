package io.zsync.jsonrpc;

import java.util.Optional;

/**
 * What a handler knows of the message it handles, and what it can do beside returning: talk to the client, report
 * progress, notice cancellation, let later changes to its document go ahead.
 *
 * <p>A request's handler runs in a zsync task of its own, so cancellation ({@code $/cancelRequest}, {@code
 * notifications/cancelled}, the end of the connection) interrupts it: zsync waits, sleeps, channel operations, {@code
 * await} and blocking I/O throw {@link io.zsync.TaskCancelledException}. A loop that only computes checks {@link
 * #checkCancelled()} now and then.
 */
public interface Context {
    /**
     * The message's method.
     *
     * @return for example {@code "textDocument/hover"}
     */
    String method();

    /**
     * The request's id as JSON text, exactly as the client sent it ({@code 7} or {@code "7"}).
     *
     * @return the id, or empty for a notification
     */
    Optional<String> requestId();

    /**
     * Whether the client cancelled this request (or the connection is ending).
     *
     * @return true once cancelled
     */
    boolean isCancelled();

    /**
     * Throws if this request was cancelled: for loops that compute without waiting on anything zsync can interrupt.
     *
     * @throws io.zsync.TaskCancelledException if {@link #isCancelled()}
     */
    void checkCancelled();

    /**
     * The client, for requests and notifications from the server.
     *
     * @return the client of this connection
     */
    Client client();

    /**
     * Starts reporting progress: with the request's own progress token if the client sent one ({@code
     * workDoneToken} in LSP, {@code _meta.progressToken} in MCP); else, in LSP, with a token created by an awaited
     * {@code window/workDoneProgress/create} if the client supports it. Without either, the reports go nowhere. The
     * progress ends when closed, and at the latest when the handler returns, fails or is cancelled.
     *
     * @param title what is in progress, for example {@code "Indexing"}
     * @return the progress, to report on and close
     */
    Progress progress(String title);

    /**
     * Lets later notifications on this request's lane (its document) run although this request has not returned.
     * Until then a request holds them back, so it sees its document exactly as it was when the request was sent; call
     * this once the handler has taken what it needs from that state, before slow work or a wait on the client. Does
     * nothing for a notification or when already released.
     */
    void releaseLane();

    /**
     * The connection's figures now: the inbound channel's capacity and high-water mark, messages read and written.
     *
     * @return a snapshot
     */
    ConnectionStats connectionStats();
}
