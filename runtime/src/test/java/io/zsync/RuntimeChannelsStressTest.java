package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.channel.Channel;
import io.zsync.channel.ChannelSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ZsyncRuntime#channels()} taken over and over while producers and consumers run on a bounded, an unbounded
 * and a rendezvous channel: nothing throws, a channel's counts never go back, received never passes sent, a bounded
 * channel's size stays within its capacity, and at the end the counts equal what the tasks counted and checksummed
 * (lost 0, duplicated 0). Length scales with {@code -Dzsync.stress.multiplier}.
 */
@Tag("stress")
@Timeout(120)
class RuntimeChannelsStressTest {
    private static final int MULTIPLIER = Integer.getInteger("zsync.stress.multiplier", 1);
    private static final int PER_PRODUCER = 50_000 * MULTIPLIER;
    private static final int PRODUCERS = 2;
    private static final int CONSUMERS = 2;

    @Test
    void snapshotsStayConsistentWhileChannelsRun() throws Exception {
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            runtime.channels();   // starts tracking
            List<Channel<Long>> channels = runtime.spawn(() -> List.<Channel<Long>>of(Zsync.bounded("bounded", 8),
                    Zsync.unbounded("unbounded"), Zsync.rendezvous("rendezvous"))).await();
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong snapshots = new AtomicLong();
            Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                Map<Long, ChannelSnapshot> last = new HashMap<>();
                try {
                    while (!done.get()) {
                        for (ChannelSnapshot s : runtime.channels()) {
                            check(last.put(s.id(), s), s);
                        }
                        snapshots.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            List<Task<Long>> consumers = new ArrayList<>();
            List<Task<Void>> producers = new ArrayList<>();
            for (Channel<Long> c : channels) {
                for (int p = 0; p < PRODUCERS; p++) {
                    long base = (long) p * PER_PRODUCER;
                    producers.add(runtime.spawn(() -> {
                        for (long i = 1; i <= PER_PRODUCER; i++) {
                            c.send(base + i);
                        }
                    }));
                }
                for (int r = 0; r < CONSUMERS; r++) {
                    consumers.add(runtime.spawn(() -> {
                        long sum = 0;
                        for (long e : c) {
                            sum += e;
                        }
                        return sum;
                    }));
                }
            }
            for (Task<Void> p : producers) {
                p.await();
            }
            channels.forEach(Channel::close);
            long n = (long) PRODUCERS * PER_PRODUCER;
            for (int i = 0; i < channels.size(); i++) {
                long sum = 0;
                for (Task<Long> r : consumers.subList(i * CONSUMERS, (i + 1) * CONSUMERS)) {
                    sum += r.await();
                }
                assertEquals(n * (n + 1) / 2, sum, "checksum of " + channels.get(i) + ": an element lost or twice");
            }
            done.set(true);
            watcher.join();
            if (failure.get() != null) {
                throw new AssertionError("a snapshot was inconsistent", failure.get());
            }
            assertTrue(snapshots.get() > 0, "the watcher took snapshots");
            for (ChannelSnapshot s : runtime.channels()) {
                long expected = s.kind() == ChannelSnapshot.Kind.RENDEZVOUS ? ChannelSnapshot.UNKNOWN : n;
                assertEquals(expected, s.sent(), s.toString());
                assertEquals(expected, s.received(), s.toString());
                assertEquals(0, s.size(), s.toString());
                assertTrue(s.closed(), s.toString());
            }
        }
    }

    /** What holds between two snapshots of one channel, and within one. */
    private static void check(ChannelSnapshot before, ChannelSnapshot now) {
        if (now.received() > now.sent()) {
            throw new AssertionError("received passed sent: " + now);
        }
        if (now.kind() == ChannelSnapshot.Kind.BOUNDED && (now.size() < 0 || now.size() > now.capacity())) {
            throw new AssertionError("size outside [0, capacity]: " + now);
        }
        if (now.kind() == ChannelSnapshot.Kind.RENDEZVOUS
                && (now.sent() != ChannelSnapshot.UNKNOWN || now.received() != ChannelSnapshot.UNKNOWN)) {
            throw new AssertionError("a rendezvous channel counts nothing: " + now);
        }
        if (before != null && (now.sent() < before.sent() || now.received() < before.received()
                || before.closed() && !now.closed())) {
            throw new AssertionError("went back: " + before + " then " + now);
        }
    }
}
