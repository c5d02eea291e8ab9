package io.zsync.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Outcome;
import io.zsync.TaskFailedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop on a virtual terminal and the manual clock: input, frames, ticks, exit paths, restored modes. */
@Timeout(60)
class HeadlessTuiTest {
    private static final Duration FRAME = Duration.ofMillis(17);

    @Test
    void firstFrameIsDrawnAtOnceInTheAlternateScreenWithTheModesOn() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            Screen s = tui.screen();
            assertEquals("count: 0", s.line(0));
            assertEquals("size 40x10", s.line(9));
            assertTrue(s.style(0, 0).bold());
            assertTrue(s.style(9, 0).reverse());
            assertTrue(s.alternateScreen());
            assertFalse(s.cursorVisible());
            assertTrue(s.raw());
            assertTrue(s.mode(2004), "bracketed paste on");
            assertEquals(0, s.unknownSequences());
            assertEquals(1, tui.stats().frames());
        }
    }

    @Test
    void keysAreDrawnAtOnceWhileTheFrameBudgetLasts() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            // the budget: 3 frames saved, one more per 1/60 s; the first frame spent one
            tui.press("up");
            assertEquals("count: 1", tui.screen().line(0), "drawn at once");
            tui.press("up");
            assertEquals("count: 2", tui.screen().line(0), "drawn at once: the last token");
            tui.press("up");
            assertEquals("count: 2", tui.screen().line(0), "no token left: waits for the next");
            tui.advance(FRAME);
            assertEquals("count: 3", tui.screen().line(0));
            tui.press("down");
            tui.press("down");
            tui.advance(FRAME);
            assertEquals("count: 1", tui.screen().line(0));
            assertEquals(5, tui.stats().frames(), "0 ms (x3), 17 ms, 34 ms: " + tui.stats());
            assertTrue(tui.stats().coalescedUpdates() >= 1, "two updates in one frame: " + tui.stats());
        }
    }

    @Test
    void aFloodOfTicksStaysWithinMaxFpsAndLeavesAFrameForInput() {
        TuiConfig config = TuiConfig.builder().tick(Duration.ofMillis(1)).build();
        try (HeadlessTui tui = HeadlessTui.start(40, 10, config, new CounterApp())) {
            for (int i = 0; i < 300; i++) {    // 300 ticks, each a change, in 300 virtual ms
                tui.advance(Duration.ofMillis(1));
            }
            long frames = tui.stats().frames();
            assertTrue(frames <= 1 + 300 * 60 / 1000 + 3, "at most maxFps (60/s) plus the saved burst: " + frames);
            assertTrue(frames >= 300 * 60 / 1000 - 2, "about maxFps: " + frames);
            tui.press("up");
            assertEquals("count: 1", tui.screen().line(0), "a key is drawn at once even so");
        }
    }

    @Test
    void idleLoopHasNoTimerAndDrawsNothing() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.advance(FRAME);
            long bytes = tui.screen().bytesWritten();
            long frames = tui.stats().frames();
            assertEquals(0, tui.clock().pendingTimers(), "no wake-up scheduled while idle");
            tui.advance(Duration.ofMinutes(10));
            assertEquals(bytes, tui.screen().bytesWritten());
            assertEquals(frames, tui.stats().frames());
        }
    }

    @Test
    void aFrameWithNoChangeWritesNothing() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.advance(FRAME);
            long bytes = tui.screen().bytesWritten();
            tui.press("z");                        // handled, marks dirty, but the view is the same
            tui.advance(FRAME);
            assertEquals(bytes, tui.screen().bytesWritten());
            assertEquals(1, tui.stats().frames());
        }
    }

    @Test
    void ticksFollowTheManualClockAndMissedTicksAreSkipped() {
        TuiConfig config = TuiConfig.builder().tick(Duration.ofMillis(100)).build();
        try (HeadlessTui tui = HeadlessTui.start(40, 10, config, new CounterApp())) {
            assertEquals("ticks: 0", tui.screen().line(1));
            tui.advance(Duration.ofMillis(100));
            assertEquals("ticks: 1", tui.screen().line(1));
            tui.advance(Duration.ofMillis(100));
            assertEquals("ticks: 2", tui.screen().line(1));
            tui.advance(Duration.ofSeconds(10));   // 100 periods at once: one tick, not a burst
            assertEquals("ticks: 3", tui.screen().line(1));
            tui.advance(Duration.ofMillis(100));
            assertEquals("ticks: 4", tui.screen().line(1));
        }
    }

    @Test
    void resizeRepaintsAtTheNewSizeWithNothingStale() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.advance(FRAME);
            tui.resize(60, 20);
            assertEquals("size 60x20", tui.screen().line(19));
            assertEquals("", tui.screen().line(9), "the old status line is gone");
            tui.advance(FRAME);
            tui.resize(30, 8);
            assertEquals("size 30x8", tui.screen().line(7));
            for (int r = 3; r < 7; r++) {
                assertEquals("", tui.screen().line(r));
            }
        }
    }

    @Test
    void resizeIsOneEventAndTheFrameDueAfterItRepaints() {
        CounterApp app = new CounterApp();
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), app)) {
            tui.resize(50, 12);
            tui.advance(FRAME);
            long resizes = app.events.stream().filter(e -> e.startsWith("Resize")).count();
            assertEquals(1, resizes);
            assertEquals("size 50x12", tui.screen().line(11));
        }
    }

    @Test
    void qExitsWithZeroAndRestoresEveryMode() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.press("q");
            assertEquals(0, tui.awaitExit());
            assertRestored(tui.screen());
        }
    }

    @Test
    void ctrlCExitsWith130ByDefault() {
        CounterApp app = new CounterApp();
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), app)) {
            tui.press("ctrl+c");
            assertEquals(130, tui.awaitExit());
            assertRestored(tui.screen());
            assertTrue(app.events.stream().noneMatch(e -> e.startsWith("Interrupt")));
        }
    }

    @Test
    void ctrlCIsAnEventWhenConfigured() {
        CounterApp app = new CounterApp();
        TuiConfig config = TuiConfig.builder().exitOnInterrupt(false).build();
        try (HeadlessTui tui = HeadlessTui.start(40, 10, config, app)) {
            tui.press("ctrl+c");
            assertTrue(tui.exitStatus().isEmpty());
            assertTrue(app.events.contains("Interrupt[]"), app.events.toString());
        }
    }

    @Test
    void anExceptionRestoresTheTerminalThenFailsTheTask() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.press("x");
            TaskFailedException e = assertThrows(TaskFailedException.class, tui::awaitExit);
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("x pressed", e.getCause().getMessage());
            assertRestored(tui.screen());
        }
    }

    @Test
    void cancellingTheUiTaskRestoresTheTerminal() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.task().cancel();
            assertInstanceOf(Outcome.Cancelled.class, tui.task().join());
            assertRestored(tui.screen());
        }
    }

    @Test
    void closingTheRuntimeRestoresTheTerminal() {
        HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp());
        tui.close();
        assertInstanceOf(Outcome.Cancelled.class, tui.outcome());
        assertRestored(tui.screen());
    }

    @Test
    void ctrlZSuspendsAndResumesWithAFullRepaint() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.advance(FRAME);
            long frames = tui.stats().frames();
            tui.press("ctrl+z");
            assertEquals(1, tui.suspends());
            assertTrue(tui.screen().alternateScreen(), "modes back on after the resume");
            assertTrue(tui.screen().raw());
            assertEquals(frames + 1, tui.stats().frames(), "repainted");
            assertEquals("count: 0", tui.screen().line(0));
        }
    }

    @Test
    void messagesFromATaskArriveOnTheUiTask() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            tui.press("p");
            tui.until(s -> s.line(2).equals("last: Success[value=from a task]") || tui.stats().frames() > 0
                    && pendingFrame(tui, s));
            assertEquals("last: Success[value=from a task]", tui.screen().line(2));
        }
    }

    /** A message arrived but its frame waits for the clock: advance one frame. */
    private static boolean pendingFrame(HeadlessTui tui, Screen s) {
        tui.advance(FRAME);
        return s.line(2).equals("last: Success[value=from a task]");
    }

    @Test
    void pasteArrivesAsOneEvent() {
        CounterApp app = new CounterApp();
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), app)) {
            tui.paste("hello\nworld");
            assertTrue(app.events.contains("Paste[text=hello\nworld]"), app.events.toString());
        }
    }

    @Test
    void uiOnlyMethodsRefuseOtherThreads() {
        try (HeadlessTui tui = HeadlessTui.start(40, 10, TuiConfig.defaults(), new CounterApp())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tui.ui().exit(0));
            assertTrue(e.getMessage().contains("UI task"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> tui.ui().stats());
            assertFalse(tui.ui().onUiTask());
        }
    }

    static void assertRestored(Screen s) {
        assertFalse(s.alternateScreen(), "alternate screen off");
        assertTrue(s.cursorVisible(), "cursor visible");
        assertFalse(s.raw(), "tty out of raw mode");
        assertFalse(s.mode(2004), "bracketed paste off");
        assertFalse(s.mode(2026), "synchronized output off");
        assertEquals(0, s.unknownSequences());
    }
}
