package io.zsync.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One private tmux server per program under test ({@code tmux -L <unique> -f /dev/null}), never reused (tmux 3.3a's
 * server crashed when a target was killed and recreated). The program is the pane's command under {@code sh -c}
 * (never bash, which restores the tty after a child killed by a signal and would hide a broken one); the shell
 * records the exit status and the tty ({@code stty -g}) and stays, so the terminal's modes can be read afterwards. tmux is installed from Debian's package if
 * missing; if it cannot be, the test fails.
 */
public final class Tmux implements AutoCloseable {
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final String socket;
    private final Path dir;

    private Tmux(String socket, Path dir) {
        this.socket = socket;
        this.dir = dir;
    }

    /** Starts {@code command} (a JVM) in an 80x24 pane; {@code before.stty} holds the tty's settings before it. */
    public static Tmux start(List<String> command) throws Exception {
        return start(command, false);
    }

    /**
     * As {@link #start(List)}; with {@code ownGroup}, the program runs in a process group of its own that holds the
     * terminal's foreground, as a job-control shell runs a job: only then can it stop on SIGTSTP (the kernel drops
     * SIGTSTP for an orphaned group, which is what a program under a plain {@code sh -c} in tmux is).
     */
    public static Tmux start(List<String> command, boolean ownGroup) throws Exception {
        if (ownGroup) {
            Tools.ensure("python3", "python3");
            List<String> wrapped = new ArrayList<>(List.of("python3", "-c",
                    "import os, signal, sys\n"
                            + "os.setpgid(0, 0)\n"
                            + "signal.signal(signal.SIGTTOU, signal.SIG_IGN)\n"
                            + "os.tcsetpgrp(0, os.getpgrp())\n"
                            + "signal.signal(signal.SIGTTOU, signal.SIG_DFL)\n"
                            + "os.execvp(sys.argv[1], sys.argv[1:])\n"));
            wrapped.addAll(command);
            command = wrapped;
        }
        Tools.ensure("tmux", "tmux");
        Path dir = Files.createTempDirectory("zsync-tmux");
        String socket = "zsync-test-" + ProcessHandle.current().pid() + "-" + SERVERS.incrementAndGet();
        Tmux t = new Tmux(socket, dir);
        // sh (never bash) runs the JVM in the foreground, then records its status and the tty, and stays: the pane's
        // modes (alternate screen, cursor) stay readable (tmux hides the cursor of a dead pane)
        StringBuilder cmd = new StringBuilder("stty -g > '" + dir.resolve("before.stty") + "';");
        for (String c : command) {
            cmd.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        cmd.append("; s=$?; stty -g > '").append(dir.resolve("after.stty")).append("'; echo $s > '")
                .append(dir.resolve("status.tmp")).append("'; mv '").append(dir.resolve("status.tmp")).append("' '")
                .append(dir.resolve("status")).append("'; exec sleep 600");
        // one tmux call, so that the options hold before the program can exit: the pane then outlives it
        t.tmux("new-session", "-d", "-x", "80", "-y", "24", "sh", "-c", cmd.toString(),
                ";", "set-option", "-g", "window-size", "manual",
                ";", "set-option", "-g", "remain-on-exit", "on");
        return t;
    }

    /** Runs a tmux command on this server; its output. */
    public String tmux(String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        c.addAll(List.of(args));
        Tools.Result r = Tools.run(c, 30);
        if (r.exit() != 0) {
            throw new AssertionError(c + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    /** The folder of this run's files (before.stty, after.stty, status). */
    public Path dir() {
        return dir;
    }

    /** A pane format, e.g. {@code #{alternate_on}}. */
    public String display(String format) throws Exception {
        return tmux("display-message", "-p", format).strip();
    }

    public String screen() throws Exception {
        return tmux("capture-pane", "-p");
    }

    public void keys(String... keys) throws Exception {
        List<String> a = new ArrayList<>(List.of("send-keys"));
        a.addAll(List.of(keys));
        tmux(a.toArray(String[]::new));
    }

    /** The program's pid: the pane's shell's child. */
    public long pid() throws Exception {
        long sh = Long.parseLong(display("#{pane_pid}"));
        return ProcessHandle.of(sh).orElseThrow().children().findFirst().orElseThrow().pid();
    }

    /** Polls the screen until {@code condition} holds, at most {@code millis}; fails with the screen otherwise. */
    public String awaitScreen(Predicate<String> condition, long millis, String what) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        String s;
        do {
            s = screen();
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(10);
        } while (System.nanoTime() - deadline < 0);
        return fail(what + " not seen within " + millis + " ms; the screen:\n" + s + "\nthe program's threads:\n"
                + threads());
    }

    /** Polls until the pane's process has exited, at most {@code millis}: how long it took, in ms. */
    public long awaitExit(long millis) throws Exception {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        do {
            if (Files.exists(dir.resolve("status"))) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(2);
        } while (System.nanoTime() - deadline < 0);
        return fail("the program was still running " + millis + " ms later; the screen:\n" + screen()
                + "\nits threads:\n" + threads());
    }

    /** The program's threads (jcmd Thread.print), for a failure message. */
    public String threads() {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            return Tools.run(List.of(jcmd, Long.toString(pid()), "Thread.print"), 30).output();
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    public int exitStatus() throws Exception {
        return Integer.parseInt(Files.readString(dir.resolve("status")).strip());
    }

    /** The tty's settings now ({@code stty -g}) and before the program started. */
    public String[] tty() throws Exception {
        String tty = display("#{pane_tty}");
        Tools.Result now = Tools.run(List.of("stty", "-g", "-F", tty), 30);
        String after = Files.readString(dir.resolve("after.stty")).strip();
        if (!after.equals(now.output().strip())) {
            throw new AssertionError("stty -F " + tty + " reads " + now.output() + " but the shell saw " + after);
        }
        return new String[] {Files.readString(dir.resolve("before.stty")).strip(), after};
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            Tools.run(List.of("tmux", "-L", socket, "kill-server"), 30);
        } catch (Exception e) {
            throw new java.io.IOException("tmux kill-server failed", e);
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
