package io.zsync;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Programs run in child JVMs by {@link ExitTest}: {@code ExitScenarios <executionModel> <shape>}. Each prints
 * {@code main returned} (or lets its failure escape) and must then let the JVM exit on its own.
 */
public final class ExitScenarios {
    private ExitScenarios() {
    }

    /**
     * Runs one scenario.
     *
     * @param args the execution model and the shape of main
     * @throws Exception when the shape is {@code throws}
     */
    public static void main(String[] args) throws Exception {
        ExecutionModel model = ExecutionModel.valueOf(args[0]);
        String shape = args[1];
        Config config = Config.builder().executionModel(model).shutdownGrace(Duration.ofMillis(300)).build();
        switch (shape) {
            case "returns" -> Zsync.run(config, () -> System.out.println("main returned"));
            case "throws" -> Zsync.run(config, () -> {
                throw new IllegalStateException("main failed on purpose");
            });
            case "leaves-tasks" -> Zsync.run(config, () -> {
                leaveTasksRunning();
                System.out.println("main returned");
            });
            case "ignores-cancellation" -> Zsync.run(config, () -> {
                CountDownLatch started = new CountDownLatch(1);
                Zsync.spawn(() -> {
                    started.countDown();
                    while (true) {
                        Thread.onSpinWait();   // never looks at its interrupt
                    }
                });
                started.await();   // a task cancelled before it starts never runs, and is no straggler
                System.out.println("main returned");
                return null;
            });
            case "unobserved-failure" -> Zsync.run(config, () -> {
                Task<Void> failing = Zsync.spawn(() -> {
                    throw new IllegalStateException("failed on purpose, never awaited");
                });
                while (!failing.isDone()) {   // isDone() does not observe the failure; await would
                    Thread.onSpinWait();
                }
                System.out.println("main returned");
            });
            case "global-never-deinit" -> {
                Zsync.initGlobalRuntime(config);
                leaveTasksRunning();
                System.out.println("main returned");
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
    }

    /** Tasks of every waiting kind, none awaited: sleeping, spinning until interrupted, blocked in waits. */
    private static void leaveTasksRunning() {
        CountDownLatch never = new CountDownLatch(1);
        Object monitor = new Object();
        Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
        Zsync.spawn(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        });
        Zsync.spawn(() -> {
            never.await();
            return null;
        });
        Zsync.spawn(() -> {
            synchronized (monitor) {
                monitor.wait();
            }
            return null;
        });
        Task<Void> sleeper = Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
        Zsync.spawn(() -> sleeper.await());
    }
}
