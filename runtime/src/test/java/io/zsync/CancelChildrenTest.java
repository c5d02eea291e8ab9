package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Task#cancelChildren()}: a task's running children (and theirs) are cancelled, the task itself keeps
 * running, and children it spawns afterwards are children as usual; concurrent with spawns, no child escapes.
 */
@Timeout(60)
class CancelChildrenTest {

    @Test
    void cancelsTheChildrenAndTheirChildrenButNotTheTask() throws Exception {
        Zsync.runTest(() -> {
            Task<?> self = Zsync.currentTask().orElseThrow();
            AtomicReference<Task<Void>> grandchild = new AtomicReference<>();
            CountDownLatch spawned = new CountDownLatch(1);
            Task<Void> child = Zsync.spawn(() -> {
                grandchild.set(Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1))));
                spawned.countDown();
                Zsync.sleep(Duration.ofDays(1));
            });
            Task<Void> other = Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1)));
            spawned.await();
            self.cancelChildren();
            assertInstanceOf(Outcome.Cancelled.class, child.join());
            assertInstanceOf(Outcome.Cancelled.class, other.join());
            assertInstanceOf(Outcome.Cancelled.class, grandchild.get().join());
            assertFalse(self.isDone());
            assertFalse(Thread.currentThread().isInterrupted(), "the task itself was not interrupted");

            Task<String> later = Zsync.spawn(() -> {
                Zsync.sleep(Duration.ofMinutes(1));
                return "ran";
            });
            assertEquals("ran", later.await(), "a child spawned afterwards runs to its end");
            self.cancelChildren();   // nothing left: a no-op
            return null;
        });
    }

    @Test
    void aLaterChildIsStillCancelledWithItsParent() throws Exception {
        Zsync.runTest(() -> {
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Task<Void>> late = new AtomicReference<>();
            Task<Void> parent = Zsync.spawn(() -> {
                Task<?> me = Zsync.currentTask().orElseThrow();
                Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1)));
                me.cancelChildren();
                late.set(Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1))));
                started.countDown();
                Zsync.sleep(Duration.ofDays(1));
            });
            started.await();
            assertFalse(late.get().isDone());
            parent.cancel();
            assertInstanceOf(Outcome.Cancelled.class, parent.join());
            assertInstanceOf(Outcome.Cancelled.class, late.get().join(), "the fresh set is cancelled with the parent");
            return null;
        });
    }

    @Test
    void aNoOpWithoutChildrenOrOnACancelledTask() throws Exception {
        Zsync.run(() -> {
            Task<?> self = Zsync.currentTask().orElseThrow();
            self.cancelChildren();   // never had a child
            Task<Void> t = Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1)));
            t.cancel();
            t.cancelChildren();
            assertInstanceOf(Outcome.Cancelled.class, t.join());
            return null;
        });
    }

    /**
     * A parent spawns children as fast as it can while another thread calls cancelChildren over and over; at the end
     * the parent is cancelled. Every child must end cancelled: one adopted into a set just as cancelChildren closed it
     * is cancelled by its own adoption, and none is left in a set that nobody will cancel.
     */
    @Test
    void noChildEscapesConcurrentCancelChildren() throws Exception {
        for (int round = 0; round < 20; round++) {
            Zsync.run(() -> {
                ConcurrentLinkedQueue<Task<Void>> children = new ConcurrentLinkedQueue<>();
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch parentUp = new CountDownLatch(1);
                Task<Void> parent = Zsync.spawn(() -> {
                    parentUp.countDown();
                    while (!stop.get()) {
                        children.add(Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1))));
                    }
                    Zsync.sleep(Duration.ofDays(1));
                });
                parentUp.await();
                Thread canceller = Thread.ofPlatform().start(() -> {
                    while (children.size() < 5_000) {   // races the parent's spawns until it made 5,000
                        parent.cancelChildren();
                        Thread.onSpinWait();
                    }
                });
                canceller.join();
                stop.set(true);
                parent.cancel();
                assertInstanceOf(Outcome.Cancelled.class, parent.join());
                List<Task<Void>> all = new ArrayList<>(children);
                assertTrue(all.size() >= 5_000);
                for (Task<Void> child : all) {
                    assertInstanceOf(Outcome.Cancelled.class, child.join(), "every child ends cancelled");
                }
                return null;
            });
        }
    }
}
