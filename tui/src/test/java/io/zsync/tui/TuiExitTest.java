package io.zsync.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.testkit.Tools;
import io.zsync.testkit.Tmux;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real terminal under tmux: {@link DemoMain} in a JVM as the pane's command. After each way out — q, an
 * exception, a cancelled UI task, a typed Ctrl-C, kill -INT, kill -TERM — the tty is as it was before, the
 * alternate screen is off, the cursor is visible, the process is gone (within a 5 s hang guard; the time is
 * printed), with the documented status: 0 after q, 1 after an exception or a cancellation, 130 after Ctrl-C or
 * SIGINT, 143 after SIGTERM.
 */
@Timeout(60)
class TuiExitTest {
    static List<String> java(String mainClass, String... args) {
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command().orElseThrow());
        c.add("--enable-native-access=ALL-UNNAMED");
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass);
        c.addAll(List.of(args));
        return c;
    }

    private static Tmux started() throws Exception {
        return started(false);
    }

    private static Tmux started(boolean ownGroup) throws Exception {
        Tmux t = Tmux.start(java(DemoMain.class.getName()), ownGroup);
        t.awaitScreen(s -> s.contains("count: 0") && s.contains("size 80x24"), 20_000, "the first frame");
        assertEquals("1", t.display("#{alternate_on}"), "alternate screen on while running");
        assertEquals("0", t.display("#{cursor_flag}"), "cursor hidden while running");
        return t;
    }

    private static void assertRestoredAfter(Tmux t, int status) throws Exception {
        // The bound is 1 s; a test asserts no speed, so this is a hang guard, and the time is printed (the
        // figures are bench/tui's). Measured from the key or signal to the status the shell wrote.
        long ms = t.awaitExit(5_000);
        System.out.println("TuiExitTest: exited with " + t.exitStatus() + " in " + ms + " ms");
        assertEquals(status, t.exitStatus(), "exit status; the screen:\n" + t.screen());
        assertEquals("0", t.display("#{alternate_on}"), "alternate screen off");
        assertEquals("1", t.display("#{cursor_flag}"), "cursor visible");
        String[] tty = t.tty();
        assertEquals(tty[0], tty[1], "the tty as it was before");
    }

    @Test
    void qExitsWithZero() throws Exception {
        try (Tmux t = started()) {
            t.keys("Up", "Up");
            t.awaitScreen(s -> s.contains("count: 2"), 2_000, "count: 2");
            t.keys("q");
            assertRestoredAfter(t, 0);
        }
    }

    @Test
    void anExceptionRestoresFirstThenPrintsOnTheNormalScreen() throws Exception {
        try (Tmux t = started()) {
            t.keys("x");
            assertRestoredAfter(t, 1);
            String screen = t.screen();
            assertTrue(screen.contains("IllegalStateException: x pressed"), screen);
            assertTrue(!screen.contains("count: 0"), "the last frame stayed on the alternate screen:\n" + screen);
        }
    }

    @Test
    void cancellingTheUiTaskRestores() throws Exception {
        try (Tmux t = started()) {
            t.keys("k");
            assertRestoredAfter(t, 1);
            assertTrue(t.screen().contains("the UI task was cancelled"), t.screen());
        }
    }

    @Test
    void typedCtrlCExitsWith130() throws Exception {
        try (Tmux t = started()) {
            t.keys("C-c");
            assertRestoredAfter(t, 130);
        }
    }

    @Test
    void killIntExitsWith130() throws Exception {
        try (Tmux t = started()) {
            Tools.run(List.of("kill", "-INT", Long.toString(t.pid())), 30);
            assertRestoredAfter(t, 130);
        }
    }

    @Test
    void killTermExitsWith143() throws Exception {
        try (Tmux t = started()) {
            Tools.run(List.of("kill", "-TERM", Long.toString(t.pid())), 30);
            assertRestoredAfter(t, 143);
        }
    }

    @Test
    void ctrlZRestoresAndStopsThenContinueReentersAndRepaints() throws Exception {
        try (Tmux t = started(true)) {   // a job of its own, as a job-control shell would run it
            long pid = t.pid();
            t.keys("C-z");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!state(pid).equals("T")) {
                assertTrue(System.nanoTime() - deadline < 0, "not stopped: state " + state(pid));
                Thread.sleep(10);
            }
            assertEquals("0", t.display("#{alternate_on}"), "alternate screen off while stopped");
            assertEquals("1", t.display("#{cursor_flag}"), "cursor visible while stopped");
            String tty = t.display("#{pane_tty}");
            assertEquals(Tools.run(List.of("sh", "-c", "cat " + t.dir() + "/before.stty"), 30).output().strip(),
                    Tools.run(List.of("stty", "-g", "-F", tty), 30).output().strip(), "the tty as before while stopped");
            Tools.run(List.of("kill", "-CONT", Long.toString(pid)), 30);
            t.awaitScreen(s -> s.contains("count: 0"), 5_000, "the repaint after the resume");
            assertEquals("1", t.display("#{alternate_on}"), "alternate screen on again");
            t.keys("Up");
            t.awaitScreen(s -> s.contains("count: 1"), 2_000, "input after the resume");
            t.keys("q");
            assertRestoredAfter(t, 0);
        }
    }

    /** The process state letter from /proc (T: stopped). */
    private static String state(long pid) throws Exception {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    @Test
    void resizeRedrawsAtTheNewSizeWithNothingStale() throws Exception {
        try (Tmux t = started()) {
            t.tmux("resize-window", "-x", "100", "-y", "30");
            String big = t.awaitScreen(s -> s.contains("size 100x30"), 2_000, "the 100x30 frame");
            assertEquals(30, big.lines().count(), big);
            assertTrue(!big.contains("size 80x24"), "stale status line:\n" + big);
            t.tmux("resize-window", "-x", "80", "-y", "24");
            String small = t.awaitScreen(s -> s.contains("size 80x24"), 2_000, "the 80x24 frame");
            assertTrue(!small.contains("100x30"), small);
            t.keys("q");
            assertRestoredAfter(t, 0);
        }
    }
}
