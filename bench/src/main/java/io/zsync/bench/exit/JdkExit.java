package io.zsync.bench.exit;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Exit latency, the JDK alone: what {@link ZsyncExit} does, with {@link Executors#newVirtualThreadPerTaskExecutor()}
 * (never closed) in place of zsync. The reference peer of {@code bench/exit-latency.sh}.
 */
public final class JdkExit {
    private JdkExit() {
    }

    /**
     * Runs the program.
     *
     * @param args ignored
     */
    @SuppressWarnings("resource")   // never closed, on purpose: close() would wait for the tasks
    public static void main(String[] args) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        executor.execute(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        executor.execute(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        });
        System.out.println("jdk: main returns, two tasks left running");
    }
}
