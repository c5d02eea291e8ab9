package io.zsync.samples;

import io.zsync.Config;
import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskExecutor;
import io.zsync.TaskFailedException;
import io.zsync.TaskScope;
import io.zsync.TaskTimeoutException;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.sync.Semaphore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tour of zsync: run a program, spawn tasks, await and poll them, cancel one, fail one, use an executor from JDK
 * code, pass numbers through a channel, select between channels, limit downloads in a scope with a semaphore, decide
 * a 30-second timeout on a manual clock, run a Reactor pipeline between channels, and leave tasks running on purpose:
 * the program still exits at once.
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
            Zsync.joinAll(squares.toArray(Task<?>[]::new));
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

            // select: whichever channel has an element first; the losing alternative takes nothing
            Channel<String> fast = Zsync.bounded(1);
            Channel<String> slow = Zsync.bounded(1);
            Zsync.spawn(() -> fast.send("fast"));
            String first = Zsync.<String>select()
                    .onRecv(fast, v -> v + " won")
                    .onRecv(slow, v -> v + " won")
                    .onTimeout(Duration.ofSeconds(5), () -> "nobody came")
                    .await();
            System.out.println("8. select: " + first + "; the slow channel still holds " + slow.size() + " elements");

            // a scope of downloads, at most 3 at a time: the scope joins them all when it closes
            Semaphore permits = Semaphore.create(3);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger mostInFlight = new AtomicInteger();
            try (TaskScope downloads = TaskScope.open()) {
                for (int i = 0; i < 12; i++) {
                    downloads.spawn(() -> permits.withPermit(() -> {
                        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Zsync.sleep(Duration.ofMillis(5));   // the "download"
                        return inFlight.decrementAndGet();
                    }));
                }
            }
            System.out.println("9. scope + semaphore: 12 downloads, at most " + mostInFlight.get()
                    + " at a time, all joined when the scope closed");

            // time under test control: a 30-second timeout, decided on a manual clock in milliseconds
            long before = System.nanoTime();
            String verdict = Zsync.runTest(() -> {
                Task<String> stuck = Zsync.spawn(() -> {
                    Zsync.sleep(Duration.ofMinutes(5));
                    return "late";
                });
                try {
                    return Zsync.timeout(stuck, Duration.ofSeconds(30));
                } catch (TaskTimeoutException e) {
                    return "timed out after 30 virtual seconds";
                }
            });
            System.out.println("10. manual clock: " + verdict + ", in " + (System.nanoTime() - before) / 1_000_000
                    + " ms of wall time");

            // a pipeline: producer tasks -> channel -> Reactor -> channel -> consumer tasks, backpressure throughout
            PipelineSample.Result pipeline = PipelineSample.run(4, 2, 50_000);
            if (pipeline.checksum() != PipelineSample.expectedChecksum(4, 50_000)) {
                throw new IllegalStateException("the pipeline lost or duplicated elements: " + pipeline);
            }
            System.out.println("11. pipeline with Reactor: " + pipeline.describe());

            // left running on purpose: run() cancels them when main returns, and the JVM exits
            Zsync.spawn(() -> Zsync.sleep(Duration.ofHours(1)));
            Zsync.spawn(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            });
            System.out.println("12. leaving a sleeping task and a spinning task running; main returns now");
            return 42;
        });

        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("13. run returned " + answer + " after " + millis + " ms; the JVM exits now");
    }
}
