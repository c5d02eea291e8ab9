package io.zsync.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.testkit.Tools;
import io.zsync.testkit.Tmux;
import io.zsync.samples.tui.TaskMonitor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The task monitor on a real terminal under tmux (Tmux and Tools are copies of the tui module's test harness):
 * it starts, arrows move the selection, c cancels the selected task and the screen shows it, s spawns one, and q
 * exits 0 with the terminal as it was.
 */
@Timeout(60)
class TaskMonitorTmuxTest {
    @Test
    void startsNavigatesCancelsSpawnsAndQuits() throws Exception {
        List<String> java = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TaskMonitor.class.getName());
        try (Tmux t = Tmux.start(java)) {
            t.awaitScreen(s -> s.contains("worker-3") && s.contains("fps"), 20_000, "the first frame");
            assertEquals("1", t.display("#{alternate_on}"));
            int consumer = row(t.screen(), "consumer");
            int worker1 = row(t.screen(), "worker-1");
            for (int i = consumer; i < worker1; i++) {
                t.keys("Down");
            }
            t.keys("c");
            String s = t.awaitScreen(x -> x.contains("cancelled worker-1") && row(x, "worker-1") < 0, 3_000,
                    "worker-1 cancelled and gone from the list");
            assertTrue(row(s, "worker-2") > 0, s);
            t.keys("s");
            t.awaitScreen(x -> row(x, "worker-4") > 0, 3_000, "a spawned worker-4");
            t.keys("q");
            t.awaitExit(5_000);
            assertEquals(0, t.exitStatus());
            assertEquals("0", t.display("#{alternate_on}"));
            assertEquals("1", t.display("#{cursor_flag}"));
            String[] tty = t.tty();
            assertEquals(tty[0], tty[1], "the tty as before");
        }
    }

    private static int row(String screen, String name) {
        List<String> lines = screen.lines().toList();
        for (int r = 0; r < lines.size(); r++) {
            if (lines.get(r).startsWith(name + " ")) {
                return r;
            }
        }
        return -1;
    }
}
