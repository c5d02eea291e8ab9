package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.channel.Channel;
import io.zsync.channel.ChannelSnapshot;
import io.zsync.channel.ChannelSnapshot.Kind;
import io.zsync.testkit.Waits;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ZsyncRuntime#channels()}: a snapshot of each channel made for the runtime, with counts of what each kind
 * counts, its capacity and closed state, and nothing of a channel that was collected or made elsewhere.
 */
@Timeout(60)
class RuntimeChannelsTest {

    /** A runtime that tracks its channels: the first channels() call starts that. */
    private static ZsyncRuntime tracking() {
        ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());
        assertEquals(List.of(), runtime.channels());
        return runtime;
    }

    /** Creates a channel (or anything) in a task of {@code runtime}, so that it is made for that runtime. */
    private static <T> T inTask(ZsyncRuntime runtime, Callable<T> make) throws Exception {
        return runtime.spawn(make).await();
    }

    private static Optional<ChannelSnapshot> find(ZsyncRuntime runtime, String name) {
        return runtime.channels().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static ChannelSnapshot get(ZsyncRuntime runtime, String name) {
        return find(runtime, name).orElseThrow(() -> new AssertionError(name + " not in " + runtime.channels()));
    }

    @Test
    void boundedCountsSendsAndReceivesAcrossLaps() throws Exception {
        try (ZsyncRuntime runtime = tracking()) {
            Channel<Integer> jobs = inTask(runtime, () -> Zsync.bounded("jobs", 3));
            assertEquals(new ChannelSnapshot(get(runtime, "jobs").id(), "jobs", Kind.BOUNDED, 3, 0, 0, 0, false),
                    get(runtime, "jobs"));
            for (int i = 0; i < 10; i++) {   // three laps and a bit of a ring of 3
                jobs.send(i);
                if (i >= 2) {
                    jobs.recv();
                }
            }
            assertFalse(jobs.trySend(99) && jobs.trySend(100), "full at 3");
            ChannelSnapshot s = get(runtime, "jobs");
            assertEquals(11, s.sent(), s.toString());
            assertEquals(8, s.received(), s.toString());
            assertEquals(3, s.size(), s.toString());
            assertEquals(3, s.capacity());
            assertFalse(s.closed());
            jobs.close();
            ChannelSnapshot closed = get(runtime, "jobs");
            assertTrue(closed.closed(), "closed with elements still buffered");
            assertEquals(3, closed.size());
            while (jobs.tryRecv() != null) {
                // drain
            }
            assertEquals(new ChannelSnapshot(s.id(), "jobs", Kind.BOUNDED, 3, 0, 11, 11, true),
                    get(runtime, "jobs"));
        }
    }

    @Test
    void unboundedCountsSendsAndReceives() throws Exception {
        try (ZsyncRuntime runtime = tracking()) {
            Channel<Integer> log = inTask(runtime, () -> Zsync.unbounded("log"));
            for (int i = 0; i < 1_000; i++) {
                log.send(i);
            }
            for (int i = 0; i < 400; i++) {
                log.recv();
            }
            ChannelSnapshot s = get(runtime, "log");
            assertEquals(new ChannelSnapshot(s.id(), "log", Kind.UNBOUNDED, Integer.MAX_VALUE, 600, 1_000, 400,
                    false), s);
            log.close();
            assertTrue(get(runtime, "log").closed());
            assertFalse(log.trySend(1), "closed");
            assertEquals(1_000, get(runtime, "log").sent(), "a refused send is not counted");
        }
    }

    @Test
    void rendezvousCountsNothing() throws Exception {
        try (ZsyncRuntime runtime = tracking()) {
            Channel<Integer> handOff = inTask(runtime, () -> Zsync.rendezvous("hand-off"));
            Task<Integer> receiver = runtime.spawn(() -> handOff.recv() + handOff.recv());
            handOff.send(1);
            handOff.send(2);
            assertEquals(3, receiver.await());
            ChannelSnapshot s = get(runtime, "hand-off");
            assertEquals(new ChannelSnapshot(s.id(), "hand-off", Kind.RENDEZVOUS, 0, 0, ChannelSnapshot.UNKNOWN,
                    ChannelSnapshot.UNKNOWN, false), s);
            handOff.close();
            assertTrue(get(runtime, "hand-off").closed());
            Channel<Integer> zero = inTask(runtime, () -> Zsync.bounded("zero", 0));
            assertEquals(Kind.RENDEZVOUS, get(runtime, "zero").kind(), "bounded(0) is a rendezvous: " + zero);
        }
    }

    @Test
    void unnamedChannelsAreNumberedAndKeepTheirIds() throws Exception {
        try (ZsyncRuntime runtime = tracking()) {
            Channel<Integer> a = inTask(runtime, () -> Zsync.bounded(1));
            Channel<Integer> b = inTask(runtime, Zsync::unbounded);
            List<ChannelSnapshot> first = runtime.channels();
            assertEquals(2, first.size(), first.toString());
            assertNotEquals(first.get(0).id(), first.get(1).id());
            for (ChannelSnapshot c : first) {
                assertEquals("channel-" + c.id(), c.name());
            }
            a.send(1);
            b.send(2);
            List<ChannelSnapshot> second = runtime.channels();
            for (ChannelSnapshot c : second) {
                ChannelSnapshot before = first.stream().filter(f -> f.id() == c.id()).findFirst().orElseThrow();
                assertEquals(before.kind(), c.kind(), "the same id is the same channel");
                assertEquals(before.sent() + 1, c.sent(), c + " after " + before);
            }
            assertThrows(UnsupportedOperationException.class, () -> second.add(first.get(0)), "read-only");
        }
    }

    @Test
    void aChannelBelongsToTheRuntimeItWasMadeIn() throws Exception {
        try (ZsyncRuntime one = tracking(); ZsyncRuntime other = tracking()) {
            Channel<Integer> mine = inTask(one, () -> Zsync.bounded("mine", 2));
            Channel<Integer> nobodys = Zsync.bounded("nobody's", 2);   // no task, no global runtime: listed nowhere
            assertTrue(find(one, "mine").isPresent());
            assertTrue(find(other, "mine").isEmpty(), other.channels().toString());
            assertTrue(find(one, "nobody's").isEmpty() && find(other, "nobody's").isEmpty());
            assertEquals(2, mine.capacity() + nobodys.size());
        }
    }

    @Test
    void aTickerIsListedUnderItsName() throws Exception {
        try (ZsyncRuntime runtime = tracking()) {
            Channel<Long> ticks = inTask(runtime, () -> Zsync.ticker(Duration.ofMillis(1)));
            assertTrue(ticks.recv() >= 1L, "a tick (missed ones are skipped)");
            ChannelSnapshot s = get(runtime, "ticker every PT0.001S");
            assertEquals(Kind.BOUNDED, s.kind());
            assertTrue(s.received() >= 1 && s.sent() >= s.received(), s.toString());
            ticks.close();
        }
    }

    @Test
    void anUnreachableChannelLeavesTheList() throws Exception {
        try (ZsyncRuntime runtime = tracking()) {
            WeakReference<Channel<Integer>> ref = new WeakReference<>(inTask(runtime, () -> {
                Channel<Integer> c = Zsync.bounded("garbage", 4);
                c.send(1);
                return c;
            }));
            Channel<Integer> kept = inTask(runtime, () -> Zsync.bounded("kept", 4));
            assertTrue(find(runtime, "garbage").isPresent(), "listed while reachable");
            Waits.until(() -> {
                System.gc();
                return ref.get() == null && find(runtime, "garbage").isEmpty();
            }, "the unreachable channel to be collected and leave the list");
            assertTrue(find(runtime, "kept").isPresent(), "a reachable channel stays: " + kept);
        }
    }

    @Test
    void trackingStartsWithTheFirstCall() throws Exception {
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            Channel<Integer> before = inTask(runtime, () -> Zsync.bounded("before", 1));
            assertEquals(List.of(), runtime.channels(), "made before anyone asked: not tracked");
            Channel<Integer> after = inTask(runtime, () -> Zsync.bounded("after", 1));
            assertEquals(List.of("after"), runtime.channels().stream().map(ChannelSnapshot::name).toList());
            assertEquals(2, before.capacity() + after.capacity());
        }
    }

    @Test
    void blankNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zsync.bounded(" ", 1));
        assertTrue(e.getMessage().contains("must not be blank"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Zsync.unbounded(""));
        assertThrows(NullPointerException.class, () -> Zsync.rendezvous(null));
        assertThrows(IllegalArgumentException.class, () -> Zsync.bounded("negative", -1));
    }
}
