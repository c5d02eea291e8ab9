package io.zsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Outcome;
import io.zsync.Select;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskFailedException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import io.zsync.testkit.Waits;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SelectTest {
    @Test
    void takesTheReadyChannelAndLeavesTheOtherAlone() {
        Channel<String> a = Zsync.bounded(4);
        Channel<String> b = Zsync.bounded(4);
        b.send("x");
        String r = Zsync.<String>select().onRecv(a, v -> "a" + v).onRecv(b, v -> "b" + v).await();
        assertEquals("bx", r);
        assertEquals(0, a.size());
        assertEquals(0, b.size());
    }

    @Test
    void waitsUntilAnElementArrivesOnEitherChannel() throws Exception {
        Channel<Integer> a = Zsync.bounded(1);
        Channel<Integer> b = Zsync.unbounded();
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            Task<Integer> selector = rt.spawn(() -> Zsync.<Integer>select().onRecv(a, v -> v).onRecv(b, v -> -v)
                    .await());
            Waits.until(() -> selector.state() != null && !selector.isDone(), "selector to start");
            b.send(7);
            assertEquals(-7, selector.await(Duration.ofSeconds(10)));
            assertNull(a.tryRecv());
            assertNull(b.tryRecv(), "the element was taken once");
        }
    }

    @Test
    void aLosingSendAddsNothing() {
        Channel<String> full = Zsync.bounded(1);
        full.send("old");
        Channel<String> ready = Zsync.bounded(1);
        ready.send("r");
        String r = Zsync.<String>select().onSend(full, "new", () -> "sent").onRecv(ready, v -> "got " + v).await();
        assertEquals("got r", r);
        assertEquals("old", full.tryRecv());
        assertNull(full.tryRecv(), "the losing send added nothing");
    }

    @Test
    void aBlockedSendCompletesWhenRoomAppears() throws Exception {
        Channel<String> ch = Zsync.bounded(1);
        ch.send("first");
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            Task<String> sender = rt.spawn(() -> Zsync.<String>select().onSend(ch, "second", () -> "sent").await());
            Waits.until(() -> !sender.isDone() && ch.size() == 1, "sender to block");
            assertEquals("first", ch.recv());
            assertEquals("sent", sender.await(Duration.ofSeconds(10)));
            assertEquals("second", ch.recv());
        }
    }

    @Test
    void orderedPrefersTheFirstReadyAlternative() {
        Channel<Integer> a = Zsync.unbounded();
        Channel<Integer> b = Zsync.unbounded();
        for (int i = 0; i < 100; i++) {
            a.send(i);
            b.send(i);
        }
        Select<String> s = Zsync.<String>select().onRecv(a, v -> "a").onRecv(b, v -> "b").ordered();
        for (int i = 0; i < 100; i++) {
            assertEquals("a", s.await());
        }
        assertEquals(100, b.size());
    }

    @Test
    void noReadyChannelStarvesOverTenThousandRounds() {
        Channel<Integer> a = Zsync.unbounded();
        Channel<Integer> b = Zsync.unbounded();
        int rounds = 10_000;
        for (int i = 0; i < rounds; i++) {
            a.send(i);
            b.send(i);
        }
        int[] taken = new int[2];
        Select<Integer> s = Zsync.<Integer>select().onRecv(a, v -> 0).onRecv(b, v -> 1);
        for (int i = 0; i < rounds; i++) {
            taken[s.await()]++;
        }
        // a fair coin: 5000 ± 50 (one standard deviation); 3500 is 30 deviations away
        assertTrue(taken[0] > 3_500 && taken[1] > 3_500, "a: " + taken[0] + ", b: " + taken[1]);
    }

    @Test
    void defaultRunsWhenNothingIsReady() {
        Channel<String> ch = Zsync.bounded(1);
        assertEquals("none", Zsync.<String>select().onRecv(ch, v -> v).orElse(() -> "none").await());
        ch.send("x");
        assertEquals("x", Zsync.<String>select().onRecv(ch, v -> v).orElse(() -> "none").await());
    }

    @Test
    void aClosedChannelsReceiveIsSelectableAndReportsTheEnd() {
        Channel<String> open = Zsync.bounded(1);
        Channel<String> closed = Zsync.bounded(1);
        closed.send("last");
        closed.close();
        Select<String> s = Zsync.<String>select().onRecv(open, v -> v).onRecv(closed, v -> v, () -> "end");
        assertEquals("last", s.await(), "buffered elements come first");
        assertEquals("end", s.await());
        assertThrows(ChannelClosedException.class, () -> Zsync.<String>select().onRecv(closed, v -> v).await());
        Channel<String> failed = Zsync.bounded(1);
        failed.close(new IOException("disk gone"));
        ChannelClosedException e = assertThrows(ChannelClosedException.class,
                () -> Zsync.<String>select().onRecv(failed, v -> v, () -> "end").await());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void aSendToAClosedChannelThrows() {
        Channel<String> closed = Zsync.bounded(1);
        closed.close();
        assertThrows(ChannelClosedException.class,
                () -> Zsync.<String>select().onSend(closed, "x", () -> "sent").await());
    }

    @Test
    void aTaskAlternativeCompletesWithTheTask() throws Exception {
        Channel<String> never = Zsync.bounded(1);
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            Channel<String> go = Zsync.bounded(1);
            Task<String> work = rt.spawn(() -> go.recv() + "!");
            Task<String> selector = rt.spawn(() -> Zsync.<String>select().onRecv(never, v -> v)
                    .onAwait(work, v -> "task " + v).await());
            go.send("done");
            assertEquals("task done!", selector.await(Duration.ofSeconds(10)));

            Task<String> failing = rt.spawn(() -> {
                throw new IOException("boom");
            });
            assertThrows(TaskFailedException.class,
                    () -> Zsync.<String>select().onAwait(failing, v -> v).await());
            Outcome<String> o = Zsync.<Outcome<String>>select().onJoin(failing, x -> x).await();
            assertInstanceOf(Outcome.Failure.class, o);
        }
    }

    @Test
    void cancellationWakesASelectAndNothingTakesEffect() throws Exception {
        Channel<String> in = Zsync.bounded(1);
        Channel<String> out = Zsync.bounded(1);
        out.send("occupied");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            Task<String> selector = rt.spawn(() -> {
                thread.set(Thread.currentThread());
                try {
                    return Zsync.<String>select().onRecv(in, v -> v).onSend(out, "mine", () -> "sent").await();
                } catch (TaskCancelledException e) {
                    thrown.set(e);
                    throw e;
                }
            });
            Waits.until(() -> thread.get() != null, "selector to start");
            Waits.untilParked(thread.get());   // registered on both channels and parked
            selector.cancel();
            assertInstanceOf(Outcome.Cancelled.class, selector.join());
        }
        assertInstanceOf(TaskCancelledException.class, thrown.get());
        assertEquals("occupied", out.tryRecv());
        assertNull(out.tryRecv(), "the cancelled send added nothing");
        in.send("later");
        assertEquals("later", in.tryRecv(), "the cancelled receive took nothing and left no waiter behind");
    }

    @Test
    void aTimeoutOfThirtySecondsRunsOnTheManualClock() throws Exception {
        long start = System.nanoTime();
        String r = Zsync.runTest(() -> Zsync.<String>select().onRecv(Zsync.<String>bounded(1), v -> v)
                .onTimeout(Duration.ofSeconds(30), () -> "timed out").await());
        assertEquals("timed out", r);
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "30 virtual seconds must not take a real second");
    }

    @Test
    void aReadyChannelBeatsAnExpiredTimeout() {
        Channel<String> ch = Zsync.bounded(1);
        ch.send("x");
        assertEquals("x", Zsync.<String>select().onRecv(ch, v -> v).onTimeout(Duration.ZERO, () -> "t").await());
    }

    @Test
    void badInputGetsClearErrors() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Zsync.select().await());
        assertTrue(empty.getMessage().contains("add onRecv"), empty.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Zsync.<String>select().onTimeout(Duration.ofMillis(-1), () -> "x"));
        assertTrue(negative.getMessage().contains("zero or more"), negative.getMessage());
        Channel<String> ch = Zsync.bounded(1);
        assertThrows(NullPointerException.class, () -> Zsync.<String>select().onSend(ch, null, () -> "x"));
        assertThrows(NullPointerException.class, () -> Zsync.<String>select().onRecv((Channel<String>) null, v -> v));
        assertThrows(IllegalArgumentException.class,
                () -> Zsync.<String>select().orElse(() -> "a").orElse(() -> "b"));
        assertSame(null, ch.tryRecv());
    }
}
