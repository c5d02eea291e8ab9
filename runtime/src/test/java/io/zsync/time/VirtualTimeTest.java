package io.zsync.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Task;
import io.zsync.TaskTimeoutException;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * runTest's virtual time is the same on every run: waits due at the same instant take effect one at a time, in a
 * fixed order (deadline, sleeps before timeouts, spawn order), also under CPU load; a ticker heartbeat in a busy
 * select loop gives the same output every run; and a task that blocks outside zsync while timers are pending fails
 * the test with a report instead of freezing time silently.
 */
@Timeout(120)
class VirtualTimeTest {
    private static final int RUNS = 50;

    /** Runs {@code body} under runTest {@code runs} times and returns the distinct outputs. */
    private static Set<String> outputs(int runs, Callable<String> body) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < runs; i++) {
            seen.add(Zsync.runTest(body));
        }
        return seen;
    }

    /** Runs {@code check} with both CPUs kept busy by spinning platform threads, then stops them. */
    private static void underCpuLoad(Callable<Void> check) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> burners = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;   // busy: competes with the test's threads for the CPUs
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            t.setDaemon(true);
            t.start();
            burners.add(t);
        }
        try {
            check.call();
        } finally {
            stop.set(true);
            for (Thread t : burners) {
                t.join();
            }
        }
    }

    private static String awaitTimeoutEqualToTheSleep() throws Exception {
        Task<String> sleeper = Zsync.spawn(() -> {
            Zsync.sleep(Duration.ofSeconds(10));
            return "result";
        });
        try {
            return sleeper.await(Duration.ofSeconds(10));
        } catch (TaskTimeoutException e) {
            return "timeout";
        }
    }

    private static String selectTimeoutEqualToTheSendersSleep() throws Exception {
        Channel<String> c = Zsync.bounded(1);
        Zsync.spawn(() -> {
            Zsync.sleep(Duration.ofSeconds(10));
            c.send("element");
        });
        return Zsync.<String>select().onRecv(c, v -> v).onTimeout(Duration.ofSeconds(10), () -> "timeout").await();
    }

    private static String twoEqualSleeps() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        Task<Void> first = Zsync.spawn(() -> {
            Zsync.sleep(Duration.ofSeconds(5));
            order.add("first");
        });
        Task<Void> second = Zsync.spawn(() -> {
            Zsync.sleep(Duration.ofSeconds(5));
            order.add("second");
        });
        Zsync.joinAll(first, second);
        return String.join(",", order);
    }

    @Test
    void anAwaitTimeoutEqualToTheSleepGivesTheResultEveryRun() throws Exception {
        assertEquals(Set.of("result"), outputs(RUNS, VirtualTimeTest::awaitTimeoutEqualToTheSleep));
    }

    @Test
    void aSelectTimeoutEqualToTheSendersSleepTakesTheElementEveryRun() throws Exception {
        assertEquals(Set.of("element"), outputs(RUNS, VirtualTimeTest::selectTimeoutEqualToTheSendersSleep));
    }

    @Test
    void twoEqualSleepsActInSpawnOrderEveryRun() throws Exception {
        assertEquals(Set.of("first,second"), outputs(RUNS, VirtualTimeTest::twoEqualSleeps));
    }

    @Test
    void equalDeadlinesGiveTheSameResultsUnderCpuLoad() throws Exception {
        underCpuLoad(() -> {
            assertEquals(Set.of("result"), outputs(RUNS, VirtualTimeTest::awaitTimeoutEqualToTheSleep));
            assertEquals(Set.of("element"), outputs(RUNS, VirtualTimeTest::selectTimeoutEqualToTheSendersSleep));
            assertEquals(Set.of("first,second"), outputs(RUNS, VirtualTimeTest::twoEqualSleeps));
            return null;
        });
    }

    /**
     * A select loop with a one-second heartbeat ticker under steady load (a job every 100 ms, each taking 30 ms):
     * the heartbeat fires although the loop is never idle for a second, and the log of what happened when is the
     * same on every run.
     */
    @Test
    void aTickerHeartbeatUnderSteadyLoadGivesTheSameOutputEveryRun() throws Exception {
        Set<String> logs = outputs(20, () -> {
            Channel<Integer> jobs = Zsync.bounded(16);
            Zsync.spawn(() -> {
                for (int i = 0; i < 100; i++) {
                    Zsync.sleep(Duration.ofMillis(100));
                    jobs.send(i);
                }
                jobs.close();
            });
            Channel<Long> heartbeat = Zsync.ticker(Duration.ofSeconds(1));
            long start = System.nanoTime();
            StringBuilder log = new StringBuilder();
            boolean open = true;
            int beats = 0;
            while (open) {
                open = Zsync.<Boolean>select()
                        .onRecv(jobs, job -> {
                            Zsync.sleep(Duration.ofMillis(30));
                            return true;
                        }, () -> false)
                        .onRecv(heartbeat, tick -> {
                            log.append("beat ").append(tick).append(';');
                            return true;
                        })
                        .ordered()   // jobs first when both are ready: the order of the log is then fixed
                        .await();
            }
            heartbeat.close();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(),
                    "10 virtual seconds took 10 real ones");
            return log.toString();
        });
        assertEquals(1, logs.size(), "different logs: " + logs);
        String log = logs.iterator().next();
        assertTrue(log.contains("beat 9;"), "the heartbeat fired under steady load: " + log);
    }

    @Test
    void aTaskBlockedOutsideZsyncFailsTheTestInsteadOfFreezingTime() {
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Zsync.runTest(() -> {
            Task<Integer> blocked = Zsync.spawn("jdk sleeper", () -> {
                Thread.sleep(Duration.ofMinutes(10));   // a JDK wait: virtual time cannot see it
                return 1;
            });
            return Zsync.timeout(blocked, Duration.ofSeconds(1));   // a timer that would fire in production
        }));
        assertTrue(e.getMessage().contains("virtual time is frozen"), e.getMessage());
        assertTrue(e.getMessage().contains("'jdk sleeper'"), e.getMessage());
        assertTrue(e.getSuppressed().length > 0, "the report shows where the task's thread stands");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(60).toNanos(), "reported, not hung");
    }
}
