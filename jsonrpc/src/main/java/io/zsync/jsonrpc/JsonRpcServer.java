package io.zsync.jsonrpc;

import io.zsync.jsonrpc.internal.Spec;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A JSON-RPC 2.0 server: built once, it serves connections (stdio, or any pair of streams), each until its client
 * goes away.
 *
 * <pre>{@code
 * record Sum(int a, int b) {}
 * JsonRpcServer server = JsonRpcServer.builder()
 *         .request("sum", Sum.class, (ctx, p) -> p.a() + p.b())
 *         .build();
 * int status = Zsync.run(server::serveStdio);
 * System.exit(status);
 * }</pre>
 *
 * <p>How a connection runs: a reader thread parses frames and hands each message on. Responses to the server's own
 * requests complete them at once, and cancellations take effect at once; everything else goes into a bounded
 * channel ({@linkplain Builder#inboundCapacity capacity} 64): when it is full the reader stops reading, the pipe
 * fills, and the client's writes wait — memory stays bounded by the capacity, whatever the client sends. A
 * dispatcher task takes the messages in order onto their lanes (see {@link Handlers}); a request with nothing
 * queued before it the reader puts on its lane itself. Each request runs as a task of its own, at most
 * {@linkplain Builder#maxConcurrentRequests 64} at a time. A writer task sends responses before
 * notifications, and flushes when it has nothing more to send.
 *
 * <p>Bad input gets an error and loses nothing else: unreadable JSON {@code -32700} (id null), an invalid message
 * {@code -32600}, an unknown method {@code -32601} (an unknown notification is dropped), params that do not fit the
 * handler's record {@code -32602} naming the field's path, a handler's exception {@code -32603}.
 */
public sealed interface JsonRpcServer permits Spec {
    /**
     * A builder for a plain JSON-RPC 2.0 server (Content-Length framing, batches allowed, {@code $/cancelRequest}
     * cancels a request: answered {@link ErrorCodes#REQUEST_CANCELLED}).
     *
     * @return a new builder
     */
    static Builder builder() {
        return Spec.builder();
    }

    /**
     * Serves one connection until it ends: the input ends, the client sends LSP's {@code exit}, or the calling task
     * is cancelled. Call it from a zsync task (inside {@link io.zsync.Zsync#run}). Handlers still running then are
     * cancelled (LSP's {@code shutdown} first waits for them); on return every task of the connection has ended and
     * what was queued for the client was written.
     *
     * @param in what the client sends
     * @param out where the client reads; flushed, not closed
     * @return the exit status the protocol asks for: 0, or 1 (LSP: {@code exit} or end of input without
     *     {@code shutdown} first)
     */
    int serve(InputStream in, OutputStream out);

    /**
     * Serves standard input and output: the protocol keeps the process's real standard output, and {@link
     * System#out} is pointed at standard error, so a stray {@code System.out.println} cannot corrupt the stream.
     * The reader of standard input is a daemon thread: a process whose client is gone exits although a read is
     * still blocked.
     *
     * @return the exit status, for {@link System#exit(int)}
     */
    int serveStdio();

    /** Builds a {@link JsonRpcServer}. */
    interface Builder extends Handlers<Builder> {
        /**
         * How messages are delimited.
         *
         * @param framing {@link Framing#CONTENT_LENGTH} (the default) or {@link Framing#LINES}
         * @return this builder
         */
        Builder framing(Framing framing);

        /**
         * How many messages may wait to be dispatched before the reader stops reading (default 64). Notifications
         * waiting on their lane count against the same number again, so at most twice this many are held.
         *
         * @param capacity 1 or more
         * @return this builder
         */
        Builder inboundCapacity(int capacity);

        /**
         * How many request handlers may run at once (default 64); later requests wait, cancellable, for a turn.
         *
         * @param limit 1 or more
         * @return this builder
         */
        Builder maxConcurrentRequests(int limit);

        /**
         * Where in a message's params its lane's key is (a JSON Pointer; default {@code /textDocument/uri}).
         * Messages whose params have no string there share the global lane.
         *
         * @param jsonPointer for example {@code /uri}
         * @return this builder
         */
        Builder laneKey(String jsonPointer);

        /**
         * The largest message accepted, in bytes (default 64 MiB); a larger one is skipped without being buffered
         * and answered with {@code -32700}.
         *
         * @param bytes 1 or more
         * @return this builder
         */
        Builder maxMessageBytes(int bytes);

        /**
         * How many notifications may wait unsent before {@link Client#notify} waits (default 1024).
         *
         * @param limit 1 or more
         * @return this builder
         */
        Builder outboundNotificationLimit(int limit);

        /**
         * Whether a JSON array of messages is served as a batch (default true here; LSP and MCP do not allow
         * batches, and answer one with {@code -32600}).
         *
         * @param allowed whether batches are served
         * @return this builder
         */
        Builder batches(boolean allowed);

        /**
         * Writes every message read and written, one line each ({@code <-} in, {@code ->} out), to {@code
         * trace}: standard error, or a file's stream. Off by default.
         *
         * @param trace where the trace goes
         * @return this builder
         */
        Builder trace(java.io.PrintStream trace);

        /**
         * Builds the server.
         *
         * @return the server
         */
        JsonRpcServer build();
    }
}
