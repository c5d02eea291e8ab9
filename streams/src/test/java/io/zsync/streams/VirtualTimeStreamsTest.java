package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One clock: under {@link Zsync#runTest} every wait and timer of the streams ({@code interval}'s ticks, {@code batch}'s
 * window, {@code timeout}) reads the runtime's virtual clock, so ten virtual minutes take a moment of wall time and
 * give the same output on every run. The pipelines end in a zsync channel, whose {@code recv} is a wait virtual time
 * can move past. The hang guard is generous: no assertion here is about wall-clock speed.
 */
@Timeout(120)
class VirtualTimeStreamsTest {
    /** What tenMinutes() saw: each batch with the virtual second its first element came at, and how it ended. */
    private static List<String> tenMinutes() throws Exception {
        return Zsync.runTest(() -> {
            Channel<List<Long>> out = Zsync.bounded(16);
            Streams.interval(Duration.ofSeconds(1))
                    .take(600)                                  // ten virtual minutes of ticks
                    .timeout(Duration.ofSeconds(2))             // a tick every second: never fires
                    .batch(7, Duration.ofMillis(3_500))         // 7 would take 6 s: the window closes at 4
                    .subscribe(out);
            List<String> seen = new ArrayList<>();
            try {
                for (;;) {
                    List<Long> batch = out.recv();
                    seen.add(virtualSeconds() + "s " + batch);
                }
            } catch (ChannelClosedException end) {
                seen.add(virtualSeconds() + "s end " + end.getCause());
            }
            return seen;
        });
    }

    /** The virtual time of the test's runtime, in whole seconds. */
    private static String virtualSeconds() {
        return String.valueOf(Zsync.currentRuntime().orElseThrow().config().clock().elapsed().toSeconds());
    }

    @Test
    void intervalBatchAndTimeoutRunTenVirtualMinutesTheSameWayEveryTime() throws Exception {
        List<String> first = tenMinutes();
        assertEquals(151, first.size(), "150 batches of 4 and the end: " + first);
        assertEquals("4s [0, 1, 2, 3]", first.get(0));
        assertEquals("600s [596, 597, 598, 599]", first.get(149));
        assertEquals("600s end null", first.get(150));
        for (int run = 2; run <= 20; run++) {
            assertEquals(first, tenMinutes(), "run " + run);
        }
    }

    @Test
    void aTimeoutAroundAVirtualSleepFiresWhileAnIntervalRuns() throws Exception {
        String outcome = Zsync.runTest(() -> {
            Channel<Long> ticks = Zsync.bounded(1_000);
            Streams.interval(Duration.ofMillis(100)).subscribe(ticks);
            Channel<String> result = Zsync.bounded(1);
            Streams.fromCallable(() -> {
                Zsync.sleep(Duration.ofHours(1));   // virtual: the timeout comes first
                return "slept";
            }).timeout(Duration.ofSeconds(5)).subscribe(result);
            try {
                return result.recv();
            } catch (ChannelClosedException e) {
                return "failed at " + Zsync.currentRuntime().orElseThrow().config().clock().elapsed() + " with "
                        + e.getCause().getClass().getSimpleName();
            }
        });
        assertEquals("failed at PT5S with TimeoutException", outcome);
    }

    @Test
    void aTimeoutFiresInVirtualTime() throws Exception {
        Throwable cause = Zsync.runTest(() -> {
            Channel<Integer> out = Zsync.bounded(1);
            Streams.<Integer>produce(emitter -> Zsync.sleep(Duration.ofMinutes(10))).timeout(Duration.ofMinutes(1))
                    .subscribe(out);
            try {
                out.recv();
                return null;
            } catch (ChannelClosedException e) {
                assertEquals(Duration.ofMinutes(1), Zsync.currentRuntime().orElseThrow().config().clock().elapsed());
                return e.getCause();
            }
        });
        assertInstanceOf(TimeoutException.class, cause);
        assertTrue(cause.getMessage().contains("PT1M"), cause.getMessage());
    }
}
