package io.zsync.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WeakRegistry} under several registering threads that keep some items and drop (clear) the rest, with a
 * snapshot taker walking meanwhile: every kept item is in the final snapshot, once, with the id it had in every
 * earlier snapshot, nothing dropped is; and without snapshots, pushers' prunes keep the registry near its live size.
 * Length scales with {@code -Dzsync.stress.multiplier}.
 */
@Tag("stress")
@Timeout(120)
class WeakRegistryStressTest {
    private static final int MULTIPLIER = Integer.getInteger("zsync.stress.multiplier", 1);
    private static final int THREADS = 3;
    private static final int PER_THREAD = 100_000 * MULTIPLIER;

    @Test
    void everyKeptItemIsListedOnceWithAStableIdWhileSnapshotsRace() throws Exception {
        WeakRegistry<Object> registry = new WeakRegistry<>(2, 16);
        List<List<Object>> kept = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        Map<Object, Long> ids = new ConcurrentHashMap<>();   // item → the id first seen (items: identity equality)
        AtomicLong snapshots = new AtomicLong();
        Thread taker = Thread.ofPlatform().start(() -> {
            try {
                while (!done.get()) {
                    Set<Long> seen = new HashSet<>();
                    for (Map.Entry<Long, Object> e : registry.<Map.Entry<Long, Object>>snapshot(Map::entry)) {
                        if (!seen.add(e.getKey())) {
                            throw new AssertionError("id " + e.getKey() + " twice in one snapshot");
                        }
                        Long first = ids.putIfAbsent(e.getValue(), e.getKey());
                        if (first != null && first.longValue() != e.getKey()) {
                            throw new AssertionError("an item's id changed from " + first + " to " + e.getKey());
                        }
                    }
                    snapshots.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> adders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Object> mine = new ArrayList<>();
            kept.add(mine);
            adders.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        Object item = new Object();
                        var registration = registry.add(item);
                        if (i % 10 == 0) {
                            mine.add(item);
                        } else {
                            registration.clear();   // dropped: as if collected
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        start.countDown();
        for (Thread a : adders) {
            a.join();
        }
        done.set(true);
        taker.join();
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }
        Map<Object, Long> last = new IdentityHashMap<>();
        for (Map.Entry<Long, Object> e : registry.<Map.Entry<Long, Object>>snapshot(Map::entry)) {
            last.put(e.getValue(), e.getKey());
        }
        int expected = 0;
        for (List<Object> mine : kept) {
            for (Object item : mine) {
                expected++;
                Long id = last.get(item);
                assertTrue(id != null, "a kept item is missing from the snapshot");
                Long first = ids.get(item);
                assertTrue(first == null || first.equals(id), "a kept item's id changed");
            }
        }
        assertEquals(expected, last.size(), "the snapshot lists exactly the kept items (no dropped one)");
        assertTrue(snapshots.get() > 0, "the taker took snapshots while items were added");
        assertTrue(registry.nodes() <= expected + 2, "after a snapshot only stripe heads may be dead: "
                + registry.nodes() + " nodes for " + expected + " live items");
    }

    @Test
    void pushesPruneWithoutSnapshots() {
        WeakRegistry<Object> registry = new WeakRegistry<>(1, WeakRegistry.PRUNE_MIN);
        List<Object> kept = new ArrayList<>();
        int maxNodes = 0;
        for (int i = 0; i < 200_000 * MULTIPLIER; i++) {
            Object item = new Object();
            var registration = registry.add(item);
            if (i % 100 == 0) {
                kept.add(item);
            } else {
                registration.clear();
            }
            if (i % 1_000 == 0) {
                maxNodes = Math.max(maxNodes, registry.nodes());
            }
        }
        // a prune leaves the live nodes and the head; the next comes after max(live, PRUNE_MIN) more pushes
        int bound = 2 * kept.size() + WeakRegistry.PRUNE_MIN + 2;
        assertTrue(maxNodes <= bound, "the registry held " + maxNodes + " nodes for " + kept.size()
                + " live items (bound " + bound + "): pushes do not prune");
        assertTrue(registry.nodes() >= kept.size(), "live items were pruned");
    }
}
