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
import io.zsync.channel.ChannelResult;
import io.zsync.streams.Streams;
import io.zsync.sync.Semaphore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tour of zsync: run a program, spawn tasks, await and poll them, cancel one, fail one, use an executor from JDK
 * code, pass numbers through a channel and hand them over with no buffer, select exactly one of two ready channels,
 * keep a heartbeat under load in virtual time, race tasks, limit downloads in a scope with a semaphore, decide a
 * 30-second timeout on a manual clock, map with blocking calls in order, run a Reactor pipeline between channels, and
 * leave tasks running on purpose: the program still exits at once.
 */
public final class Tour {
    private static int step;

    private Tour() {
    }

    /** Prints the next step of the tour, numbered. */
    private static void step(String what) {
        System.out.println(++step + ". " + what);
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
        step(config.describe());

        int answer = Zsync.run(config, () -> {
            // spawn + await: a task is a handle to code running on its own virtual thread
            Task<Integer> sixTimesSeven = Zsync.spawn("six times seven", () -> 6 * 7);
            step("spawn + await: 6 * 7 = " + sixTimesSeven.await() + " (from " + sixTimesSeven + ")");

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
            step("joinAll + poll: 1² + … + 5² = " + sum);

            // cancel: interrupts the task, which ends as CANCELLED; await reports it
            Task<Void> sleeper = Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
            sleeper.cancel();
            try {
                sleeper.await();
            } catch (TaskCancelledException e) {
                step("cancel: a 10-minute sleep ended at once; await says: " + e.getMessage());
            }

            // failure: await rethrows, with the task's exception as the cause
            Task<String> broken = Zsync.spawn(() -> {
                throw new IllegalStateException("disk full");
            });
            try {
                broken.await();
            } catch (TaskFailedException e) {
                step("failure: await threw, cause: " + e.getCause());
            }

            // an executor: JDK code (CompletableFuture here) runs on zsync tasks; close cancels what is left
            try (TaskExecutor executor = Zsync.newExecutor()) {
                CompletableFuture<String> shout = CompletableFuture.supplyAsync(() -> "hello", executor)
                        .thenApplyAsync(String::toUpperCase, executor);
                executor.spawn(() -> Zsync.sleep(Duration.ofHours(1)));   // cancelled by close()
                step("executor: CompletableFuture on zsync tasks says " + shout.join()
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
            step("channel: 100 numbers through bounded(4), sum " + total + "; closed: " + numbers.isClosed());

            // a rendezvous channel buffers nothing: each send returns once the other side took the element
            Channel<Integer> ping = Zsync.rendezvous();
            Channel<Integer> pong = Zsync.rendezvous();
            Zsync.spawn(() -> {
                for (int ball : ping) {
                    pong.send(ball + 1);
                }
                pong.close();
            });
            long rallyStart = System.nanoTime();
            int ball = 0;
            for (int i = 0; i < 10_000; i++) {
                ping.send(ball);
                ball = pong.recv();
            }
            ping.close();
            step("rendezvous: 10 000 round trips between two tasks, ball at " + ball + ", "
                    + (System.nanoTime() - rallyStart) / 10_000 + " ns per round trip");

            // select takes exactly one alternative: of two ready channels, the other keeps its element
            Channel<String> left = Zsync.bounded(1);
            Channel<String> right = Zsync.bounded(1);
            left.send("left");
            right.send("right");
            String taken = Zsync.<String>select()
                    .onRecv(left, v -> v)
                    .onRecv(right, v -> v)
                    .await();
            Channel<String> other = taken.equals("left") ? right : left;
            step("select: took '" + taken + "' of two ready channels; the other still holds " + other.size()
                    + " element ('" + other.tryRecv() + "')");

            // a heartbeat under steady load, in virtual time: a job every 100 ms, a ticker every second
            long before = System.nanoTime();
            String heartbeats = Zsync.runTest(() -> {
                Channel<Integer> jobs = Zsync.bounded(16);
                Zsync.spawn(() -> {
                    try (jobs) {
                        for (int i = 0; i < 50; i++) {
                            Zsync.sleep(Duration.ofMillis(100));
                            jobs.send(i);
                        }
                    }
                });
                Channel<Long> heartbeat = Zsync.ticker(Duration.ofSeconds(1));
                int done = 0;
                int beats = 0;
                for (boolean open = true; open; ) {
                    String what = Zsync.<String>select()
                            .onRecv(jobs, job -> "job", () -> "end")
                            .onRecv(heartbeat, tick -> "beat")
                            .await();
                    switch (what) {
                        case "job" -> done++;
                        case "beat" -> beats++;
                        default -> open = false;
                    }
                }
                heartbeat.close();
                return done + " jobs and " + beats + " heartbeats in 5 virtual seconds";
            });
            step("ticker + select under load: " + heartbeats + ", " + (System.nanoTime() - before) / 1_000_000
                    + " ms of wall time");

            // a timed receive that tells an element, a quiet spell and the end apart, without exceptions
            Channel<String> quiet = Zsync.bounded(1);
            quiet.send("only one");
            quiet.close();
            StringBuilder results = new StringBuilder();
            for (boolean open = true; open; ) {
                switch (quiet.recvCatching(Duration.ofMillis(10))) {
                    case ChannelResult.Value<String>(String v) -> results.append("value '").append(v).append("', ");
                    case ChannelResult.Empty<String> e -> results.append("nothing yet, ");
                    case ChannelResult.Closed<String>(Throwable cause) -> {
                        results.append("closed (cause ").append(cause).append(')');
                        open = false;
                    }
                }
            }
            step("recvCatching: " + results);

            // race: the first to finish, whatever it comes to; firstSuccess: the first success
            Task<String> failsFast = Zsync.spawn(() -> {
                throw new IllegalStateException("mirror A is down");
            });
            Task<String> slowButFine = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofMillis(20));
                return "mirror B";
            });
            String winner = Zsync.firstSuccess(failsFast, slowButFine);
            Task<String> quick = Zsync.spawn(() -> "quick");
            Task<String> stuck = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofHours(1));
                return "stuck";
            });
            step("firstSuccess: " + winner + " (A failed first); race: " + Zsync.race(quick, stuck)
                    + ", and the stuck loser has ended: " + stuck.isDone());

            // a scope of downloads, at most 3 at a time: the scope joins them all when it closes
            Semaphore permits = Semaphore.create(3);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger mostInFlight = new AtomicInteger();
            try (TaskScope downloads = TaskScope.open()) {
                for (int i = 0; i < 12; i++) {
                    downloads.spawn(() -> permits.withPermit(() -> {   // a body that returns nothing
                        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Zsync.sleep(Duration.ofMillis(5));   // the "download"
                        inFlight.decrementAndGet();
                    }));
                }
            }
            step("scope + semaphore: 12 downloads, at most " + mostInFlight.get()
                    + " at a time, all joined when the scope closed");

            // time under test control: a 30-second timeout, decided on a manual clock in milliseconds
            long clockStart = System.nanoTime();
            String verdict = Zsync.runTest(() -> {
                Task<String> late = Zsync.spawn(() -> {
                    Zsync.sleep(Duration.ofMinutes(5));
                    return "late";
                });
                try {
                    return Zsync.timeout(late, Duration.ofSeconds(30));
                } catch (TaskTimeoutException e) {
                    return "timed out after 30 virtual seconds";
                }
            });
            step("manual clock: " + verdict + ", in " + (System.nanoTime() - clockStart) / 1_000_000
                    + " ms of wall time");

            // blocking calls per element, 4 at a time, results in input order
            List<String> lengths = Streams.fromIterable(List.of("a", "bb", "ccc", "dddd", "eeeee"))
                    .mapConcurrent(4, s -> {
                        Zsync.sleep(Duration.ofMillis(50 - 10L * s.length()));   // finish in reverse order
                        return s + "=" + s.length();
                    })
                    .toStream()
                    .toList();
            step("mapConcurrent: " + lengths + " (in input order, although they finished in reverse)");

            // a pipeline: producer tasks -> channel -> Reactor -> channel -> consumer tasks, backpressure throughout
            PipelineSample.Result pipeline = PipelineSample.run(4, 2, 50_000);
            if (pipeline.checksum() != PipelineSample.expectedChecksum(4, 50_000)) {
                throw new IllegalStateException("the pipeline lost or duplicated elements: " + pipeline);
            }
            step("pipeline with Reactor: " + pipeline.describe());

            // left running on purpose: run() cancels them when main returns, and the JVM exits
            Zsync.spawn(() -> Zsync.sleep(Duration.ofHours(1)));
            Zsync.spawn(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            });
            step("leaving a sleeping task and a spinning task running; main returns now");
            return 42;
        });

        long millis = (System.nanoTime() - start) / 1_000_000;
        step("run returned " + answer + " after " + millis + " ms; the JVM exits now");
    }
}
