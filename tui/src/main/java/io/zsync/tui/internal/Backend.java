package io.zsync.tui.internal;

import java.io.IOException;

/** What the loop needs of a terminal: a real one ({@link JLineBackend}) or a test's ({@link HeadlessBackend}). */
public interface Backend {
    /** The size now: {cols, rows}. */
    int[] size();

    /** Puts the tty in raw mode (no echo, no line editing, no signals from keys, bytes as typed). */
    void enterRaw() throws IOException;

    /** Puts the tty back as it was before {@link #enterRaw()}. */
    void restoreTty() throws IOException;

    /** Writes and flushes. */
    void write(byte[] bytes) throws IOException;

    /** Starts delivering input, resizes and resumes to {@code loop}. */
    void start(EventLoop loop);

    /** Stops the process as Ctrl-Z would with the tty's job control (returns once it is continued). */
    void suspendProcess();

    /** Releases the terminal, without waiting for a reader blocked in a read. */
    void close();
}
