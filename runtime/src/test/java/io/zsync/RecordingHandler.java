package io.zsync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An uncaught handler for tests: records what it gets, and can wait for it. */
final class RecordingHandler implements Thread.UncaughtExceptionHandler {
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        failures.add(e);
    }

    /** Waits until at least {@code n} failures arrived; fails the test after a generous hang guard. */
    List<Throwable> awaitFailures(int n) throws InterruptedException {
        io.zsync.testkit.Waits.until(() -> failures.size() >= n, n + " failures (got " + failures + ")");
        return failures;
    }

    static Config config(ExecutionModel model, RecordingHandler handler) {
        return Config.builder().executionModel(model).uncaughtHandler(handler)
                .shutdownGrace(Duration.ofSeconds(5)).build();
    }
}
