package io.zsync.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ManualClock;
import io.zsync.Task;
import io.zsync.TaskTimeoutException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.sync.Mutex;
import io.zsync.sync.Semaphore;
import io.zsync.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ManualClockTest {
    @Test
    void sleepEndsWhenTheClockIsAdvancedAndNotBefore() throws Exception {
        ManualClock clock = ManualClock.create();
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().clock(clock).build())) {
            Task<String> sleeper = rt.spawn(() -> {
                Zsync.sleep(Duration.ofSeconds(30));
                return "woke";
            });
            Waits.until(() -> clock.pendingTimers() == 1, "the sleeper to park on the clock");
            clock.advance(Duration.ofSeconds(29));
            assertThrows(TaskTimeoutException.class, () -> sleeper.await(Duration.ofMillis(50)),
                    "29 of 30 virtual seconds must not end the sleep (the caller's wait reads real time)");
            clock.advance(Duration.ofSeconds(1));
            assertEquals("woke", sleeper.await());
            assertEquals(Duration.ofSeconds(30), clock.elapsed());
        }
    }

    @Test
    void aThirtySecondTimeoutResolvesInUnderASecondOfWallTime() throws Exception {
        long start = System.nanoTime();
        String result = Zsync.runTest(() -> {
            Channel<String> never = Zsync.bounded(1);
            assertNull(never.recv(Duration.ofSeconds(30)), "nothing was sent: the timed recv times out");
            Task<Void> slow = Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(5)));
            assertThrows(TaskTimeoutException.class, () -> slow.await(Duration.ofSeconds(30)));
            slow.cancel();
            return "done";
        });
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("done", result);
        assertTrue(wallMillis < 1_000, "two 30-second timeouts took " + wallMillis + " ms of wall time");
    }

    @RepeatedTest(20)   // the order must be the same on every run
    void autoAdvanceWakesTimersInDeadlineOrder() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        Zsync.runTest(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int s : new int[] {30, 10, 20, 5}) {
                tasks.add(Zsync.spawn(() -> {
                    Zsync.sleep(Duration.ofSeconds(s));
                    order.add(s);
                }));
            }
            Zsync.joinAll(tasks.toArray(Task<?>[]::new));
            return null;
        });
        assertEquals(List.of(5, 10, 20, 30), order);
    }

    @Test
    void autoAdvanceCountsTasksWaitingOnSemaphoresMutexesAndChannelsAsWaiting() throws Exception {
        String r = Zsync.runTest(() -> {
            Semaphore none = Semaphore.create(1);
            none.tryAcquire();
            Mutex held = Mutex.create();
            Zsync.spawn(() -> { held.lock(); }).join();
            Channel<String> empty = Zsync.bounded(1);
            Task<Void> acquirer = Zsync.spawn(() -> { none.acquire(); });
            Task<Void> locker = Zsync.spawn(() -> { held.lock(); });
            Task<String> receiver = Zsync.spawn(() -> empty.recv());
            Zsync.sleep(Duration.ofSeconds(30));   // the clock jumps although three tasks wait without a deadline
            acquirer.cancel();
            locker.cancel();
            receiver.cancel();
            return "advanced";
        });
        assertEquals("advanced", r);
    }

    @Test
    void aManualClockDoesNotMoveByItself() throws Exception {
        ManualClock clock = ManualClock.create();
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().clock(clock).build())) {
            Task<Void> sleeper = rt.spawn(() -> Zsync.sleep(Duration.ofMillis(1)));
            Waits.until(() -> clock.pendingTimers() == 1, "the sleeper to park on the clock");
            // a manual clock starts no watcher: with the sleeper parked, nothing but advance() could move it
            assertFalse(clock.autoAdvances());
            assertFalse(sleeper.isDone(), "1 virtual ms must not pass while nobody advances the clock");
            assertEquals(Duration.ZERO, clock.elapsed());
            sleeper.cancel();
        }
    }

    @Test
    void advancingBackwardsIsRejected() {
        ManualClock clock = ManualClock.create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> clock.advance(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("zero or more"), e.getMessage());
    }
}
