package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proof that nothing hangs: each execution model and each shape of main in a child JVM, which must exit by itself
 * with the right status well within a hang guard.
 */
@Timeout(60)
class ExitTest {
    /** A hang guard, not a speed test: a typical child exits in well under a second. */
    private static final long HANG_GUARD_SECONDS = 10;

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result runChild(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + "/bin/java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp",
                System.getProperty("java.class.path"), ExitScenarios.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + List.of(args) + " did not exit within " + HANG_GUARD_SECONDS
                    + " s; stdout so far: " + out.getNow("?"));
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ExecutionModel.class)
    void mainThatReturnsExitsZero(ExecutionModel model) throws Exception {
        Result r = runChild(model.name(), "returns");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("main returned", r.stdout().strip());
        assertEquals("", r.stderr());
    }

    @ParameterizedTest
    @EnumSource(ExecutionModel.class)
    void mainThatThrowsExitsNonZeroWithItsFailure(ExecutionModel model) throws Exception {
        Result r = runChild(model.name(), "throws");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("java.lang.IllegalStateException: main failed on purpose"), r.stderr());
    }

    @ParameterizedTest
    @EnumSource(ExecutionModel.class)
    void mainThatLeavesTasksRunningExitsZero(ExecutionModel model) throws Exception {
        Result r = runChild(model.name(), "leaves-tasks");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("main returned", r.stdout().strip());
        assertEquals("", r.stderr(), "every task stopped when cancelled: nothing to report");
    }

    @ParameterizedTest
    @EnumSource(ExecutionModel.class)
    void globalRuntimeNeverDeinitialisedStillExits(ExecutionModel model) throws Exception {
        Result r = runChild(model.name(), "global-never-deinit");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("main returned", r.stdout().strip());
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void taskThatIgnoresCancellationIsReportedAndTheJvmStillExits(ExecutionModel model) throws Exception {
        Result r = runChild(model.name(), "ignores-cancellation");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("main returned", r.stdout().strip());
        assertTrue(r.stderr().contains("1 task was still running 300 ms after the runtime began to close"),
                r.stderr());
        assertTrue(r.stderr().contains("spawned by task 'main', runs a lambda in io.zsync.ExitScenarios"),
                r.stderr());
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionModel.class, names = {"VIRTUAL_THREADS", "WORK_STEALING"})
    void unobservedFailureIsReportedWhenRunReturns(ExecutionModel model) throws Exception {
        Result r = runChild(model.name(), "unobserved-failure");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("failed and nobody awaited it"), r.stderr());
        assertTrue(r.stderr().contains("failed on purpose, never awaited"), r.stderr());
    }
}
