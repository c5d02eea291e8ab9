package io.zsync.tui.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.concurrent.locks.LockSupport;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The real terminal, through JLine: raw mode by the tty's attributes (saved and put back), the size, WINCH and
 * CONT as callbacks. Input is read by one platform daemon thread from file descriptor 0 directly (a native read
 * would pin a virtual thread's carrier; JLine's own readers are not used, so closing JLine never waits on them).
 */
public final class JLineBackend implements Backend {
    /*
     * Implementation notes.
     *
     * The reader thread blocks in read(2) on fd 0 and is never joined: the loop's end does not wait for it (it is a
     * daemon, and exits when the process does). The JVM's own exit does wait for it, a little: HotSpot's exit
     * operation gives threads in native code up to 300 ms to come back (VM_Exit, max_wait_user_thread), and a
     * thread blocked in read(2) never does, so a program that exits while the loop's reader is blocked takes about
     * 0.3 s more to be gone (seen with -Xlog: the Exit operation took 305 ms; TuiExitTest prints 330-370 ms from
     * the key to the shell's seeing the status). No Java API reads a tty without blocking in native code. Input it reads after the loop ended is dropped (the parser's sink
     * finds the input channel closed). A program that reads stdin after Tui.run returned loses at most the bytes
     * that thread takes: one read.
     * Signals: JLine registers the JVM's default handlers for INT (and the others it knows) when built with
     * nativeSignals and SIG_DFL, so an external SIGINT or SIGTERM runs the JVM's shutdown hooks, one of which
     * restores the terminal (EventLoop), and exits 130 or 143. Typed Ctrl-C and Ctrl-Z arrive as bytes (ISIG off).
     * No probe: by default JLine's builder asks the terminal whether it supports grapheme clusters (mode 2027),
     * reading the answer through its non-blocking input, which starts a "JLine terminal non blocking reader thread"
     * that stays: a second reader of fd 0 beside ours, and a late answer would arrive as input. TuiExitTest lost a
     * typed q in 2 of about 20 runs of the class while that thread existed (it could not be reproduced on demand,
     * so the thread is the suspect, not a proven cause); with graphemeCluster(false) a running program's thread
     * dump shows no such thread.
     * Maintenance: the tmux tests (TuiExitTest) exercise this class; run them after a change.
     */

    private final Terminal terminal;
    private final OutputStream out;
    private final long escapeNanos;
    private volatile @Nullable EventLoop loop;   // set by start(): where failures off the UI task are reported
    private @Nullable Attributes original;   // the tty before enterRaw; UI task, and the guard's restore (under its lock)

    public JLineBackend(long escapeNanos) throws IOException {
        this.terminal = TerminalBuilder.builder()
                .system(true)
                .nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_DFL)
                .graphemeCluster(false)   // no probe: see the implementation notes
                .build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            throw new IOException("zsync-tui needs a terminal (JLine found none: stdin and stdout must be a tty; "
                    + "under a test, run it in tmux)");
        }
        this.out = terminal.output();
        this.escapeNanos = escapeNanos;
    }

    @Override
    public int[] size() {
        Size s = terminal.getSize();
        int cols = s.getColumns() > 0 ? s.getColumns() : 80;
        int rows = s.getRows() > 0 ? s.getRows() : 24;
        return new int[] {cols, rows};
    }

    @Override
    public void enterRaw() throws IOException {
        Attributes before = terminal.getAttributes();
        Attributes raw = new Attributes(before);
        raw.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO,
                Attributes.LocalFlag.ISIG, Attributes.LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(Attributes.InputFlag.IXON, Attributes.InputFlag.ICRNL,
                Attributes.InputFlag.INLCR, Attributes.InputFlag.ISTRIP), false);
        raw.setControlChar(Attributes.ControlChar.VMIN, 1);   // a read waits for one byte, however long
        raw.setControlChar(Attributes.ControlChar.VTIME, 0);
        terminal.setAttributes(raw);
        original = before;
    }

    @Override
    public void restoreTty() throws IOException {
        Attributes before = original;
        if (before != null) {
            terminal.setAttributes(before);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public void start(EventLoop loop) {
        this.loop = loop;
        terminal.handle(Terminal.Signal.WINCH, s -> {
            Size z = terminal.getSize();
            loop.resized(z.getColumns(), z.getRows());
        });
        terminal.handle(Terminal.Signal.CONT, s -> loop.continued());
        InputStream in = new FileInputStream(FileDescriptor.in);
        Thread.ofPlatform().daemon().name("zsync-tui-input").start(() -> read(in, loop));
    }

    private void read(InputStream in, EventLoop loop) {
        byte[] buf = new byte[4096];
        InputParser parser = loop.parser();
        try {
            while (!loop.ended()) {
                int n = in.read(buf);
                if (n < 0) {
                    return;   // end of input: the app still quits by its keys' absence, or by a signal
                }
                parser.feed(buf, n);
                long waitUntil = System.nanoTime() + escapeNanos;
                while (parser.hasPending() && in.available() == 0 && System.nanoTime() - waitUntil < 0) {
                    LockSupport.parkNanos(1_000_000);   // the rest of an escape sequence comes within the timeout
                }
                if (parser.hasPending() && in.available() == 0) {
                    parser.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!loop.ended()) {
                loop.report(e);   // input is gone: the app can still quit by a signal; nobody else sees this
            }
        }
    }

    @Override
    public void suspendProcess() {
        // SIGTSTP to ourselves stops the process, as the tty's ^Z would with ISIG on; `fg` (SIGCONT) continues it,
        // and this returns. kill(1) rather than sun.misc.Signal.raise: no internal API, and this is rare.
        try {
            Process kill = new ProcessBuilder("kill", "-TSTP", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not suspend (kill -TSTP): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        terminal.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL);
        terminal.handle(Terminal.Signal.CONT, Terminal.SignalHandler.SIG_DFL);
        // closing JLine's terminal restores what it set up (its signal registrations); not waited for
        Thread.ofPlatform().daemon().name("zsync-tui-close").start(() -> {
            try {
                terminal.close();
            } catch (IOException | RuntimeException e) {
                EventLoop l = loop;
                if (l != null) {
                    l.report(e);
                } else {
                    Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
                }
            }
        });
    }
}
