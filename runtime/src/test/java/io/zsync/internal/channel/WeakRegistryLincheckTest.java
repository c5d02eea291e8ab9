package io.zsync.internal.channel;

import io.zsync.testkit.Lincheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of {@link WeakRegistry}'s registrations and snapshots against {@link Spec}, a sorted list, while
 * collected registrations churn through it: {@code churn()} registers an item and clears its reference at once (what
 * the garbage collector does to a channel dropped right after creation), so that pushes prune their stripe and
 * snapshots unlink dead nodes concurrently with pushes. Churned items are not in the model; a pruner that unlinked a
 * live node, or a push lost to a prune, shows as a snapshot without a kept item. One stripe (a snapshot across
 * stripes is only weakly consistent, see WeakRegistry's notes), and a pusher prunes at every push.
 */
@Timeout(300)
class WeakRegistryLincheckTest {

    /** An item, kept (its value is listed) or churned (cleared at once, never listed). */
    private record Item(int value, boolean kept) {
    }

    /** The real registry, with the kept items held strongly so that only churned ones die. */
    @Param(name = "value", gen = IntGen.class, conf = "1:3")
    public static final class Target {
        private final WeakRegistry<Item> registry = new WeakRegistry<>(1, 1);
        private final ConcurrentLinkedQueue<Item> kept = new ConcurrentLinkedQueue<>();   // strong references

        public Target() {
        }

        @Operation
        public void keep(@Param(name = "value") int value) {
            Item item = new Item(value, true);
            kept.add(item);
            registry.add(item);
        }

        @Operation
        public void churn(@Param(name = "value") int value) {
            registry.add(new Item(value, false)).clear();   // as if collected at once
        }

        @Operation
        public List<Integer> snapshot() {
            List<Integer> values = new ArrayList<>();
            for (Item item : registry.snapshot((id, i) -> i)) {
                if (item.kept()) {
                    values.add(item.value());
                }
            }
            Collections.sort(values);
            return values;
        }
    }

    /** The sequential model: the kept values, sorted. */
    public static final class Spec {
        private final List<Integer> values = new ArrayList<>();

        public Spec() {
        }

        public void keep(int value) {
            values.add(value);
            Collections.sort(values);
        }

        public void churn(int value) {
            // never listed
        }

        public List<Integer> snapshot() {
            return new ArrayList<>(values);
        }
    }

    @Test
    void snapshotsSeeEveryKeptItemWhilePrunesRace() {
        Lincheck.modelChecking(15, 3, 3, Spec.class).check(Target.class);
    }
}
