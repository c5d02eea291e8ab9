package io.zsync.samples;

import io.zsync.Config;
import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskExecutor;
import io.zsync.TaskFailedException;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A tour of zsync: run a program, spawn tasks, await and poll them, cancel one, fail one, use an executor from JDK
 * code, pass numbers through a channel and through a Reactor pipeline between channels, and leave tasks running on
 * purpose: the program still exits at once.
 */
public final class Tour {
    private Tour() {
    }

    /**
     * Runs the tour.
     *
     * @param args ignored
     * @throws Exception if the tour fails
     */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Config config = Config.optimal();
        System.out.println("1. " + config.describe());

        int answer = Zsync.run(config, () -> {
            // spawn + await: a task is a handle to code running on its own virtual thread
            Task<Integer> sixTimesSeven = Zsync.spawn(() -> 6 * 7);
            System.out.println("2. spawn + await: 6 * 7 = " + sixTimesSeven.await());

            // many tasks, joined; each result read without blocking
            List<Task<Long>> squares = java.util.stream.LongStream.rangeClosed(1, 5)
                    .mapToObj(n -> Zsync.spawn(() -> n * n))
                    .toList();
            Zsync.join(squares.toArray(Task<?>[]::new));
            long sum = 0;
            for (Task<Long> t : squares) {
                if (t.poll() instanceof Outcome.Success<Long> s) {
                    sum += s.value();
                }
            }
            System.out.println("3. join + poll: 1² + … + 5² = " + sum);

            // cancel: interrupts the task, which ends as CANCELLED; await reports it
            Task<Void> sleeper = Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
            sleeper.cancel();
            try {
                sleeper.await();
            } catch (TaskCancelledException e) {
                System.out.println("4. cancel: a 10-minute sleep ended at once; await says: " + e.getMessage());
            }

            // failure: await rethrows, with the task's exception as the cause
            Task<String> broken = Zsync.spawn(() -> {
                throw new IllegalStateException("disk full");
            });
            try {
                broken.await();
            } catch (TaskFailedException e) {
                System.out.println("5. failure: await threw, cause: " + e.getCause());
            }

            // an executor: JDK code (CompletableFuture here) runs on zsync tasks; close cancels what is left
            try (TaskExecutor executor = Zsync.newExecutor()) {
                CompletableFuture<String> shout = CompletableFuture.supplyAsync(() -> "hello", executor)
                        .thenApplyAsync(String::toUpperCase, executor);
                executor.spawn(() -> Zsync.sleep(Duration.ofHours(1)));   // cancelled by close()
                System.out.println("6. executor: CompletableFuture on zsync tasks says " + shout.join()
                        + "; closing it cancels its " + executor.activeCount() + " task(s) left");
            }

            // a channel: a producer waits while 4 elements are buffered; the consumer iterates until closed
            Channel<Integer> numbers = Zsync.bounded(4);
            Zsync.spawn(() -> {
                try (numbers) {
                    for (int i = 1; i <= 100; i++) {
                        numbers.send(i);
                    }
                }
            });
            int total = 0;
            for (int n : numbers) {
                total += n;
            }
            System.out.println("7. channel: 100 numbers through bounded(4), sum " + total + "; closed: "
                    + numbers.isClosed());

            // a pipeline: producer tasks -> channel -> Reactor -> channel -> consumer tasks, backpressure throughout
            PipelineSample.Result pipeline = PipelineSample.run(4, 2, 50_000);
            if (pipeline.checksum() != PipelineSample.expectedChecksum(4, 50_000)) {
                throw new IllegalStateException("the pipeline lost or duplicated elements: " + pipeline);
            }
            System.out.println("8. pipeline with Reactor: " + pipeline.describe());

            // left running on purpose: run() cancels them when main returns, and the JVM exits
            Zsync.spawn(() -> Zsync.sleep(Duration.ofHours(1)));
            Zsync.spawn(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            });
            System.out.println("9. leaving a sleeping task and a spinning task running; main returns now");
            return 42;
        });

        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("10. run returned " + answer + " after " + millis + " ms; the JVM exits now");
    }
}
