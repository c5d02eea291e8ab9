package io.zsync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** An uncaught handler for tests: records what it gets, and can wait for it. */
final class RecordingHandler implements Thread.UncaughtExceptionHandler {
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        failures.add(e);
    }

    /** Waits until at least {@code n} failures arrived; fails the test after a generous hang guard. */
    List<Throwable> awaitFailures(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (failures.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " failures, got " + failures);
            }
            Thread.sleep(5);
        }
        return failures;
    }

    static Config config(ExecutionModel model, RecordingHandler handler) {
        return Config.builder().executionModel(model).uncaughtHandler(handler)
                .shutdownGrace(Duration.ofSeconds(5)).build();
    }
}
