package io.zsync.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real programs the tests run (curl, h2load, tmux...): installed from Debian's packages if missing, so the suite needs
 * no manual step; a client that cannot be installed fails the test, never skips it.
 */
public final class Tools {
    private Tools() {
    }

    /** Makes sure {@code command} is on the PATH, installing {@code debianPackage} if it is not. */
    public static synchronized void ensure(String command, String debianPackage) throws Exception {
        if (onPath(command)) {
            return;
        }
        Result install = run(List.of("apt-get", "install", "-y", "-q", debianPackage), 600);
        if (!onPath(command)) {
            run(List.of("apt-get", "update", "-q"), 600);
            install = run(List.of("apt-get", "install", "-y", "-q", debianPackage), 600);
        }
        if (!onPath(command)) {
            throw new AssertionError(command + " is needed by this test and could not be installed (apt-get install "
                    + debianPackage + " exited " + install.exit + "): " + install.output);
        }
    }

    private static boolean onPath(String command) throws Exception {
        return run(List.of("sh", "-c", "command -v " + command), 30).exit == 0;
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    public record Result(int exit, String output) {
    }

    /** Runs {@code command}, waiting at most {@code seconds}. */
    public static Result run(List<String> command, int seconds) throws Exception {
        Path log = Files.createTempFile("zsync-tool", ".out");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + seconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return new Result(127, e.toString());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
