package io.zsync.tui;

import io.zsync.tui.internal.EventLoop;
import io.zsync.tui.internal.JLineBackend;
import java.util.Objects;

/**
 * Runs a terminal application on the real terminal, as one zsync task:
 *
 * {@snippet :
 * public static void main(String[] args) throws Exception {
 *     int status = Zsync.run(() -> Tui.run(TuiConfig.defaults(), new Counter()));
 *     System.exit(status);   // 0 after ui.exit(0), 130 after Ctrl-C
 * }
 * }
 *
 * <p>The calling task becomes the UI task. It puts the terminal in raw mode (and, as configured, the alternate
 * screen, a hidden cursor, bracketed paste, mouse and focus reports), then waits in one {@code select} over the
 * terminal's input (read by one platform daemon thread), resizes (collapsed to the latest), the ticker, the mailbox,
 * the channels of {@link TuiConfig.Builder#listen}, and the next frame's deadline; it hands each event to
 * {@link TuiApp#handle} and draws frames with {@link TuiApp#view}, at most {@code maxFps} a second, only what
 * changed, none while nothing changes.
 *
 * <p><b>The terminal is restored on every way out</b>, every mode undone in reverse: when the app calls
 * {@link Ui#exit}; when it throws (restored first, then the exception is rethrown, so it prints on the normal
 * screen); when the UI task is cancelled (its runtime closing included); on Ctrl-C (status 130 by default); and on
 * an external SIGINT or SIGTERM, or {@code System.exit}, by a shutdown hook (the JVM then exits 130 or 143). Ctrl-Z
 * restores the terminal and stops the process; on {@code fg} the modes come back and the screen is repainted. Only
 * SIGKILL cannot be handled: then {@code stty sane; tput rmcup} puts the terminal back by hand. Exit never waits for
 * the input thread blocked in its read.
 *
 * <p>JLine's providers call native code: run with {@code --enable-native-access=ALL-UNNAMED} on the class path, or
 * {@code --enable-native-access=org.jline.terminal.ffm,org.jline.nativ} on the module path, else the JDK prints a
 * warning.
 *
 * @since 0.1
 */
public final class Tui {
    private Tui() {
    }

    /**
     * Runs {@code app} on the terminal until it exits, fails, or its task is cancelled.
     *
     * <p><b>Blocking and cancellation:</b> blocks the calling task for the app's whole life; cancelling that task
     * ends the loop, restores the terminal and throws {@code TaskCancelledException}.
     *
     * @param config how to run
     * @param app the application
     * @return the status given to {@link Ui#exit}, or 130 after Ctrl-C
     * @throws Exception what {@code app} threw, after the terminal was restored
     * @throws java.io.IOException if there is no terminal (stdin and stdout must be a tty)
     * @throws IllegalStateException if not called inside a zsync runtime's task
     * @throws NullPointerException if an argument is null
     */
    public static int run(TuiConfig config, TuiApp app) throws Exception {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(app, "app");
        JLineBackend backend = new JLineBackend(config.escapeTimeout().toNanos());
        return new EventLoop(config, app, backend, true).run();
    }

    /**
     * Runs {@code app} with {@link TuiConfig#defaults()}.
     *
     * @param app the application
     * @return the exit status
     * @throws Exception as {@link #run(TuiConfig, TuiApp)}
     */
    public static int run(TuiApp app) throws Exception {
        return run(TuiConfig.defaults(), app);
    }
}
