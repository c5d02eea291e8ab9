package io.zsync.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Outcome;
import io.zsync.samples.tui.TaskMonitor;
import io.zsync.tui.HeadlessTui;
import io.zsync.tui.Screen;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The task monitor on a virtual terminal and the manual clock: it starts, keys navigate, c cancels, s spawns. */
@Timeout(60)
class TaskMonitorTest {
    private static final Duration TICK = Duration.ofMillis(250);

    private static int rowOf(Screen s, String name) {
        for (int r = 0; r < s.rows(); r++) {
            if (s.line(r).startsWith(name + " ")) {
                return r;
            }
        }
        return -1;
    }

    @Test
    void startsNavigatesCancelsSpawnsAndQuits() {
        try (HeadlessTui tui = HeadlessTui.start(100, 30, TaskMonitor.config(), new TaskMonitor())) {
            tui.until(s -> rowOf(s, "worker-3") > 0 || refresh(tui));
            Screen s = tui.screen();
            assertTrue(s.line(0).startsWith("zsync task monitor"), s.text());
            assertTrue(rowOf(s, "consumer") > 0 && rowOf(s, "producer") > 0, s.text());
            int first = rowOf(s, "consumer");
            assertTrue(s.style(first, 0).reverse(), "the first row is selected:\n" + s.text());
            // select worker-1: rows are sorted by name (consumer, producer?, tui, worker-1 ...)
            int target = rowOf(s, "worker-1");
            for (int i = first; i < target; i++) {
                tui.press("down");
                tui.advance(Duration.ofMillis(20));
            }
            assertTrue(tui.screen().style(target, 0).reverse(), "worker-1 selected:\n" + tui.screen().text());
            tui.press("c");
            tui.advance(TICK);
            tui.until(x -> x.text().contains("cancelled worker-1") && rowOf(x, "worker-1") < 0 || refresh(tui));
            assertTrue(tui.screen().text().contains("cancelled worker-1"), tui.screen().text());
            tui.press("s");
            tui.until(x -> rowOf(x, "worker-4") > 0 || refresh(tui));
            tui.press("q");
            assertEquals(0, tui.awaitExit());
            assertFalse(tui.screen().alternateScreen());
        }
    }

    @Test
    void showsTheRuntimesChannelsWithRatesFromTwoSnapshots() {
        try (HeadlessTui tui = HeadlessTui.start(100, 30, TaskMonitor.config(), new TaskMonitor())) {
            // the producer sends every 5 ms of the manual clock, the consumer takes every 4 or 8: both rates > 0
            tui.until(x -> sentRate(x, "jobs") > 0 && receivedRate(x, "jobs") > 0 || refresh(tui));
            Screen s = tui.screen();
            String jobs = s.line(rowOf(s, "jobs")).strip();
            assertTrue(jobs.matches("jobs +bounded +\\d+/64 +\\d+ +\\d+"), "the jobs channel's row: " + jobs + "\n"
                    + s.text());
            assertTrue(sentRate(s, "jobs") <= 1000 / 5 + 1, "at most one send per 5 ms: " + jobs);
            assertTrue(rowOf(s, "CHANNEL") > 0 && rowOf(s, "CHANNEL") < rowOf(s, "jobs"), s.text());
            tui.press("q");
            assertEquals(0, tui.awaitExit());
        }
    }

    /** Column {@code index} after the name (0 kind, 1 size/capacity, 2 sent/s, 3 received/s) as a number; -1 if
     *  the row is missing or the column is not a number. */
    private static double column(Screen s, String channel, int index) {
        int r = rowOf(s, channel);
        if (r < 0) {
            return -1;
        }
        String[] cols = s.line(r).substring(channel.length()).trim().split(" +");
        return index < cols.length && cols[index].matches("\\d+") ? Double.parseDouble(cols[index]) : -1;
    }

    private static double sentRate(Screen s, String channel) {
        return column(s, channel, 2);
    }

    private static double receivedRate(Screen s, String channel) {
        return column(s, channel, 3);
    }

    @Test
    void xFailsTheMonitorAfterRestoringTheTerminal() {
        try (HeadlessTui tui = HeadlessTui.start(100, 30, TaskMonitor.config(), new TaskMonitor())) {
            tui.press("x");
            Outcome<Integer> o = tui.task().join();
            assertInstanceOf(Outcome.Failure.class, o);
            assertFalse(tui.screen().alternateScreen());
            assertTrue(tui.screen().cursorVisible());
        }
    }

    /** Moves the manual clock one refresh, so the next tick lists what background tasks did; false to poll on. */
    private static boolean refresh(HeadlessTui tui) {
        tui.advance(TICK);
        return false;
    }
}
