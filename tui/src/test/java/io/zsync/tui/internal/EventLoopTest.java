package io.zsync.tui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.tui.Canvas;
import io.zsync.tui.Event;
import io.zsync.tui.TuiApp;
import io.zsync.tui.TuiConfig;
import io.zsync.tui.Ui;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop on the system clock with a virtual terminal: input under floods, and what a flood costs in memory. */
@Timeout(60)
class EventLoopTest {
    /**
     * Background work keeps the mailbox full (posts), a listened channel full, and a key refreshed by offerLatest;
     * the key typed while all three are ready is the very next event: input is never starved by messages.
     */
    @Test
    void inputIsNeverStarvedByMessages() throws Exception {
        Channel<Integer> channel = Zsync.bounded(64);
        TuiConfig config = TuiConfig.builder().mailboxCapacity(256).listen(channel).build();
        HeadlessBackend backend = new HeadlessBackend(40, 5);
        EventLoop[] loop = new EventLoop[1];
        long[] handledAtKey = {-1};
        TuiApp app = new TuiApp() {
            long handled;
            final List<Task<?>> floods = new ArrayList<>();

            @Override
            public void start(Ui ui) {
                floods.add(Zsync.spawn(() -> {
                    for (int i = 0; ui.post(i); i++) {
                        Zsync.yieldNow();   // a virtual thread is not preempted: let the others run (and cancel)
                    }
                }));
                floods.add(Zsync.spawn(() -> {
                    for (int i = 0; ; i++) {
                        channel.send(i);
                        Zsync.yieldNow();
                    }
                }));
                floods.add(Zsync.spawn(() -> {
                    for (int i = 0; ui.offerLatest("latest", i); i++) {
                        Zsync.yieldNow();
                    }
                }));
            }

            @Override
            public void handle(Event event, Ui ui) {
                if (event instanceof Event.Message<?>) {
                    handled++;
                    if (handled == 5_000) {   // the sources are all busy now: type a key, from the UI task itself
                        byte[] k = "k".getBytes(StandardCharsets.US_ASCII);
                        loop[0].parser().feed(k, k.length);
                    }
                } else if (event instanceof Event.Key key && key.is('k')) {
                    handledAtKey[0] = handled;
                    floods.forEach(Task::cancel);
                    ui.exit(0);
                }
            }

            @Override
            public void view(Canvas canvas) {
                canvas.put(0, 0, "handled " + handled);
            }
        };
        loop[0] = new EventLoop(config, app, backend, false);
        int status = Zsync.run(() -> loop[0].run());
        assertEquals(0, status);
        assertEquals(5_000, handledAtKey[0], "the key came next, before any other message");
    }

    /**
     * A flood from four producers for 3 s (posts, offerLatest, a channel) while the loop draws frames: every post
     * arrives, the mailbox never holds more than its capacity, and the heap after the flood is within 16 MiB of the
     * heap before it. Rates and frames are printed; bench/tui measures them on a real terminal.
     */
    @Test
    void floodIsBoundedInMemoryAndLosesNoPost() throws Exception {
        long before = usedAfterGc();
        int capacity = 1024;
        TuiConfig config = TuiConfig.builder().mailboxCapacity(capacity).tick(Duration.ofMillis(100)).build();
        HeadlessBackend backend = new HeadlessBackend(80, 24);
        long[] got = new long[3];   // posts, latest, ticks
        long[] posted = {0};
        long[] latestSeen = {-1};
        TuiApp app = new TuiApp() {
            final long start = System.nanoTime();
            Task<?> poster;
            Task<?> offerer;

            @Override
            public void start(Ui ui) {
                poster = Zsync.spawn(() -> {
                    long n = 0;
                    try {
                        while (ui.post(n)) {
                            n++;
                            Zsync.yieldNow();   // a virtual thread is not preempted: let the others run
                        }
                    } finally {
                        posted[0] = n;
                    }
                });
                offerer = Zsync.spawn(() -> {
                    for (long n = 0; ui.offerLatest("k", -n - 1); n++) {
                        Zsync.yieldNow();
                    }
                });
            }

            @Override
            public void handle(Event event, Ui ui) {
                switch (event) {
                    case Event.Message<?>(Long n) when n >= 0 -> {
                        assertEquals(got[0], (long) n, "posts in order, none lost");
                        got[0]++;
                    }
                    case Event.Message<?>(Long n) -> {
                        assertTrue(-n - 1 > latestSeen[0], "latest values only increase");
                        latestSeen[0] = -n - 1;
                        got[1]++;
                    }
                    case Event.Tick t -> {
                        got[2]++;
                        if (System.nanoTime() - start > 3_000_000_000L) {
                            poster.cancel();
                            offerer.cancel();
                            ui.exit(0);
                        }
                    }
                    default -> throw new AssertionError("unexpected " + event);
                }
            }

            @Override
            public void view(Canvas canvas) {
                canvas.put(0, 0, "posts " + got[0] + " latest " + latestSeen[0] + " ticks " + got[2]);
            }
        };
        EventLoop loop = new EventLoop(config, app, backend, false);
        long t0 = System.nanoTime();
        Zsync.run(() -> loop.run());
        double seconds = (System.nanoTime() - t0) / 1e9;
        var stats = loop.statsRacy();
        long after = usedAfterGc();
        System.out.printf("EventLoopTest flood: %.0f posts/s handled, %.0f offerLatest delivered/s, %d replaced, "
                        + "%.0f frames/s, %d ticks, mailbox high-water %d of %d, heap %+.1f MiB%n",
                got[0] / seconds, got[1] / seconds, stats.replacedMessages(), stats.frames() / seconds, got[2],
                stats.mailboxHighWater(), capacity, (after - before) / 1048576.0);
        assertTrue(stats.mailboxHighWater() <= capacity, "high-water " + stats.mailboxHighWater());
        assertTrue(got[0] > 0 && got[1] > 0 && stats.frames() > 0, "all three moved: " + got[0] + " " + got[1]);
        assertTrue(got[2] >= 10, "ticks kept coming under the flood: " + got[2]);
        assertTrue(posted[0] - got[0] <= capacity, "posted " + posted[0] + ", handled " + got[0]
                + ": only what was queued at the end (at most the capacity) was left");
        assertTrue(after - before <= 16L * 1024 * 1024, "heap grew by " + (after - before) + " bytes");
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
