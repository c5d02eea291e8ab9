package io.zsync.tui;

import io.zsync.Config;
import io.zsync.ManualClock;
import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskTimeoutException;
import io.zsync.ZsyncRuntime;
import io.zsync.tui.internal.EventLoop;
import io.zsync.tui.internal.HeadlessBackend;
import io.zsync.tui.internal.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Runs a {@link TuiApp} on a virtual terminal for tests: scripted input goes through the same parser, the same
 * loop and the same renderer as on a real terminal, into a screen model; time is a {@link ManualClock}, so ticks and
 * frame deadlines move only with {@link #advance(Duration)}.
 *
 * {@snippet :
 * try (HeadlessTui tui = HeadlessTui.start(80, 24, TuiConfig.defaults(), new Counter())) {
 *     tui.press("up");
 *     tui.advance(Duration.ofMillis(20));        // the frame due after the first is drawn
 *     assertEquals("count: 1", tui.screen().line(0));
 *     tui.press("q");
 *     assertEquals(0, tui.awaitExit());
 * }
 * }
 *
 * <p>Each driving method returns once the loop has settled: every event it caused has been handled, and the loop
 * waits with nothing ready (frames due by then drawn). Work of the app's background tasks runs on real threads; wait
 * for its effect with {@link #until(Predicate)}.
 *
 * <p>Not thread-safe: one test thread drives it.
 *
 * @since 0.1
 */
public final class HeadlessTui implements AutoCloseable {
    private static final long SETTLE_NANOS = 10_000_000_000L;

    private final ManualClock clock;
    private final ZsyncRuntime runtime;
    private final HeadlessBackend backend;
    private final EventLoop loop;
    private final Task<Integer> task;
    private final Screen screen;

    private HeadlessTui(int cols, int rows, TuiConfig config, TuiApp app) {
        this.clock = ManualClock.create();
        this.runtime = ZsyncRuntime.create(Config.builder().clock(clock).build());
        this.backend = new HeadlessBackend(cols, rows);
        this.loop = new EventLoop(config, app, backend, false);
        this.screen = new Screen(backend);
        this.task = runtime.spawn("tui", loop::run);
    }

    /**
     * Starts {@code app} on a virtual terminal of {@code cols} × {@code rows} and returns once its first frame is
     * drawn.
     *
     * @param cols columns, 1 or more
     * @param rows rows, 1 or more
     * @param config how to run (the ticker and the frame rate read the manual clock)
     * @param app the application
     * @return the running loop
     * @throws IllegalArgumentException if a dimension is below 1
     */
    public static HeadlessTui start(int cols, int rows, TuiConfig config, TuiApp app) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(app, "app");
        if (cols < 1 || rows < 1) {
            throw new IllegalArgumentException("a terminal has at least 1 column and 1 row but was " + cols + "x"
                    + rows);
        }
        HeadlessTui tui = new HeadlessTui(cols, rows, config, app);
        tui.settle();
        return tui;
    }

    /**
     * Presses a key, by name: a character ({@code "q"}, {@code "Q"}, {@code " "}), {@code "enter"}, {@code "tab"},
     * {@code "backspace"}, {@code "esc"}, {@code "up"}, {@code "down"}, {@code "left"}, {@code "right"},
     * {@code "home"}, {@code "end"}, {@code "pgup"}, {@code "pgdn"}, {@code "insert"}, {@code "delete"},
     * {@code "f1"}…{@code "f12"}, with {@code "ctrl+"}, {@code "alt+"} or {@code "shift+"} before it
     * ({@code "ctrl+c"} is the interrupt byte). The terminal's bytes for it go through the parser.
     *
     * @param key the key's name
     * @return this
     * @throws IllegalArgumentException for an unknown name
     */
    public HeadlessTui press(String key) {
        return input(Keys.encode(key));
    }

    /**
     * Types text, one key per character.
     *
     * @param text the text
     * @return this
     */
    public HeadlessTui type(String text) {
        text.codePoints().forEach(cp -> input(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /**
     * Pastes text as a terminal with bracketed paste does.
     *
     * @param text the text
     * @return this
     */
    public HeadlessTui paste(String text) {
        return input(("\u001b[200~" + text + "\u001b[201~").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Feeds raw bytes, as one read of the terminal (an escape sequence, several keys). What is left unfinished at
     * the end is taken as the escape timeout would take it.
     *
     * @param bytes the bytes
     * @return this
     */
    public HeadlessTui input(byte[] bytes) {
        loop.parser().feed(bytes, bytes.length);
        loop.parser().flush();
        settle();
        return this;
    }

    /**
     * Resizes the virtual terminal, as a window resize would (the old content stays until the program repaints).
     *
     * @param cols columns
     * @param rows rows
     * @return this
     */
    public HeadlessTui resize(int cols, int rows) {
        backend.resize(cols, rows);
        loop.resized(cols, rows);
        settle();
        return this;
    }

    /**
     * Moves the manual clock forward: ticks and frames that fall due are delivered and drawn.
     *
     * @param by how far
     * @return this
     */
    public HeadlessTui advance(Duration by) {
        clock.advance(by);
        settle();
        return this;
    }

    /**
     * Waits, in real time, for work on other threads (the app's background tasks) until {@code condition} holds
     * for the screen, at most 10 s.
     *
     * @param condition what to wait for
     * @return this
     * @throws AssertionError if it does not hold within 10 s
     */
    public HeadlessTui until(Predicate<Screen> condition) {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (!condition.test(screen)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the screen did not reach the expected state within 10 s:\n"
                        + screen.text());
            }
            sleepBriefly();
        }
        settle();
        return this;
    }

    /**
     * The virtual terminal.
     *
     * @return its screen
     */
    public Screen screen() {
        return screen;
    }

    /**
     * The loop's handle, as the app gets it: post messages from the test.
     *
     * @return the handle
     */
    public Ui ui() {
        return loop;
    }

    /**
     * The manual clock.
     *
     * @return the clock
     */
    public ManualClock clock() {
        return clock;
    }

    /**
     * The renderer's counters now.
     *
     * @return a snapshot
     */
    public RenderStats stats() {
        return loop.statsRacy();
    }

    /**
     * How many times Ctrl-Z suspended the loop (the process itself is not stopped in a test).
     *
     * @return the count
     */
    public int suspends() {
        return backend.suspends();
    }

    /**
     * The exit status, if the loop has returned one.
     *
     * @return the status, or empty while running or if it failed or was cancelled
     */
    public OptionalInt exitStatus() {
        return task.poll() instanceof Outcome.Success<Integer> s && s.value() != null
                ? OptionalInt.of(s.value()) : OptionalInt.empty();
    }

    /**
     * How the loop ended, or pending.
     *
     * @return the UI task's outcome
     */
    public Outcome<Integer> outcome() {
        return task.poll();
    }

    /**
     * Waits for the loop to end (at most 10 s) and returns its status.
     *
     * @return the status
     * @throws io.zsync.TaskFailedException if the app failed (its exception is the cause)
     * @throws AssertionError if it does not end within 10 s
     */
    public int awaitExit() {
        try {
            return task.await(Duration.ofSeconds(10));
        } catch (TaskTimeoutException e) {
            throw new AssertionError("the loop did not end within 10 s:\n" + screen.text(), e);
        }
    }

    /**
     * The UI task, to cancel it as its runtime would.
     *
     * @return the task
     */
    public Task<Integer> task() {
        return task;
    }

    /** Closes the runtime: a loop still running is cancelled, and the terminal restored. */
    @Override
    public void close() {
        runtime.close();
    }

    /** Returns once the loop has handled what was fed and waits with nothing ready, or has ended. */
    private void settle() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        long now = clock.elapsed().toNanos();
        while (!task.isDone() && !loop.settled(now)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the loop did not settle within 10 s (is the app blocking its task?): "
                        + loop.settleState(now) + "\n" + screen.text());
            }
            sleepBriefly();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(0, 200_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
