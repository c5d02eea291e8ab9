package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.channel.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CombinatorsTest {
    @Test
    void firstSuccessReturnsTheFirstSuccessAndCancelsTheOthers() throws Exception {
        Zsync.runTest(() -> {
            Task<String> slow = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofSeconds(10));
                return "slow";
            });
            Task<String> fails = Zsync.spawn(() -> {
                throw new IOException("no");
            });
            Task<String> fast = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofSeconds(1));
                return "fast";
            });
            assertEquals("fast", Zsync.firstSuccess(slow, fails, fast));
            assertTrue(slow.isDone(), "firstSuccess() returns only once the losers have ended");
            assertInstanceOf(Outcome.Cancelled.class, slow.join());
            return null;
        });
    }

    @Test
    void firstSuccessOfFailuresThrowsTheFirstWithTheRestSuppressed() throws Exception {
        Zsync.run(() -> {
            Task<String> a = Zsync.spawn(() -> {
                throw new IOException("a");
            });
            Task<String> b = Zsync.spawn(() -> {
                throw new IllegalStateException("b");
            });
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> Zsync.firstSuccess(a, b));
            assertInstanceOf(IOException.class, e.getCause());
            assertEquals(1, e.getSuppressed().length);
            assertInstanceOf(IllegalStateException.class, e.getSuppressed()[0]);
            return null;
        });
    }

    @Test
    void raceTakesTheFirstToFinishEvenWhenItFailed() throws Exception {
        Zsync.runTest(() -> {
            Task<String> slow = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofSeconds(10));
                return "slow";
            });
            Task<String> failsFast = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofSeconds(1));
                throw new IOException("first to finish");
            });
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> Zsync.race(slow, failsFast));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(slow.isDone(), "race() returns only once the losers have ended");
            assertInstanceOf(Outcome.Cancelled.class, slow.join());
            Task<String> quick = Zsync.spawn(() -> "quick");
            Task<String> never = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofDays(1));
                return "never";
            });
            assertEquals("quick", Zsync.race(never, quick));
            assertTrue(never.isDone());
            return null;
        });
    }

    @Test
    void aRaceLoserThatFailsOnItsOwnIsReportedNotDropped() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Zsync.run(Config.optimal().toBuilder().uncaughtHandler(handler).build(), () -> {
            CountDownLatch loserRuns = new CountDownLatch(1);   // a loser cancelled before it starts never runs
            Task<String> winner = Zsync.spawn(() -> {
                loserRuns.await();
                return "won";
            });
            Task<String> loser = Zsync.spawn(() -> {
                try {
                    loserRuns.countDown();
                    Zsync.sleep(Duration.ofMinutes(1));
                    return "late";
                } catch (TaskCancelledException cancelled) {
                    throw new IllegalStateException("failed while unwinding, on its own");
                }
            });
            assertEquals("won", Zsync.race(winner, loser));
        });
        List<Throwable> reported = handler.awaitFailures(1);
        assertInstanceOf(TaskFailedException.class, reported.get(0));
        assertTrue(reported.get(0).getMessage().contains("lost race()"), reported.get(0).getMessage());
        assertInstanceOf(IllegalStateException.class, reported.get(0).getCause());
    }

    @Test
    void allReturnsResultsInOrder() throws Exception {
        List<Integer> results = Zsync.runTest(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                tasks.add(Zsync.spawn(() -> {
                    Zsync.sleep(Duration.ofMillis(50 - n));   // finish in reverse order
                    return n;
                }));
            }
            return Zsync.awaitAll(tasks);
        });
        for (int i = 0; i < 50; i++) {
            assertEquals(i, results.get(i));
        }
    }

    @Test
    void allRethrowsTheFirstFailureAndCancelsTheRest() throws Exception {
        Zsync.runTest(() -> {
            Task<String> sleeper = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofHours(1));
                return "late";
            });
            Task<String> failing = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofSeconds(1));
                throw new IOException("broken");
            });
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> Zsync.awaitAll(sleeper, failing));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(sleeper.isDone(), "awaitAll() returns only once the rest has ended");
            assertInstanceOf(Outcome.Cancelled.class, sleeper.join());
            return null;
        });
    }

    @Test
    void timeoutCancelsTheTaskOnTheManualClock() throws Exception {
        long start = System.nanoTime();
        Zsync.runTest(() -> {
            Task<String> slow = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofMinutes(1));
                return "slow";
            });
            TaskTimeoutException e = assertThrows(TaskTimeoutException.class,
                    () -> Zsync.timeout(slow, Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
            assertTrue(slow.isDone(), "timeout() returns only once the timed-out task has ended");
            assertInstanceOf(Outcome.Cancelled.class, slow.join());
            assertEquals("quick", Zsync.timeout(() -> "quick", Duration.ofSeconds(30)));
            return null;
        });
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "30 virtual seconds took a real second");
    }

    @Test
    void aCancelledCallerCancelsWhatItCombines() throws Exception {
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            Channel<String> never = Zsync.bounded(1);
            List<Task<String>> inner = new ArrayList<>();
            Task<List<String>> combiner = rt.spawn(() -> {
                Task<String> a = Zsync.spawn(() -> never.recv());
                Task<String> b = Zsync.spawn(() -> never.recv());
                inner.add(a);
                inner.add(b);
                return Zsync.awaitAll(a, b);
            });
            io.zsync.testkit.Waits.until(() -> inner.size() == 2, "the inner tasks to start");
            combiner.cancel();
            assertInstanceOf(Outcome.Cancelled.class, combiner.join());
            for (Task<String> t : inner) {
                assertInstanceOf(Outcome.Cancelled.class, t.join());
            }
        }
    }

    @Test
    void combinatorsWorkUnderTheBlockingModel() throws Exception {
        Zsync.runSimple(() -> {
            Task<Integer> a = Zsync.spawn(() -> 1);
            Task<Integer> b = Zsync.spawn(() -> 2);
            assertEquals(List.of(1, 2), Zsync.awaitAll(a, b));
            assertEquals(3, Zsync.race(Zsync.spawn(() -> 3), Zsync.spawn(() -> 4)));
            return null;
        });
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        Zsync.run(() -> {
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Zsync.race());
            assertTrue(empty.getMessage().contains("at least one task"), empty.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Zsync.awaitAll(List.<Task<String>>of()));
            assertThrows(IllegalArgumentException.class, () -> Zsync.firstSuccess());
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> Zsync.timeout(() -> "x", Duration.ofSeconds(-1)));
            assertTrue(negative.getMessage().contains("zero or more"), negative.getMessage());
            return null;
        });
    }
}
