package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task whose thread gets a user-set uncaught-exception handler stays attached to its runtime: it is still the
 * current task, its spawns are its children (and are cancelled with it), its sleeps read the manual clock, and its
 * parent's cancel reaches it. Before, replacing the handler (which any library may do on its own thread) detached the
 * task: spawns went to the global runtime (or failed), the clock fell back to the system's, and children were not
 * adopted.
 */
@Timeout(60)
class DetachedTaskTest {

    @Test
    void aTaskWhoseHandlerWasReplacedStaysAttached() throws Exception {
        AtomicReference<Task<?>> self = new AtomicReference<>();
        AtomicReference<Task<?>> seen = new AtomicReference<>();
        AtomicReference<Task<Void>> grandchild = new AtomicReference<>();
        AtomicReference<Duration> slept = new AtomicReference<>();
        Zsync.runTest(() -> {
            Task<Void> child = Zsync.spawn("user handler", () -> {
                Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });   // as a library might
                seen.set(Zsync.currentTask().orElse(null));
                grandchild.set(Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1))));   // a child: cancelled with us
                ManualClock clock = java.util.Objects.requireNonNull(
                        Zsync.currentRuntime().orElseThrow().config().clock());
                Duration before = clock.elapsed();
                Zsync.sleep(Duration.ofHours(1));   // on the manual clock: an hour of virtual time
                Duration after = clock.elapsed();
                slept.set(after.minus(before));
                Zsync.sleep(Duration.ofDays(365));   // until the parent cancels it
            });
            self.set(child);
            Zsync.sleep(Duration.ofHours(2));
            child.cancel();   // the parent's cancel reaches the task and, through it, its child
            assertInstanceOf(Outcome.Cancelled.class, child.join());
            assertInstanceOf(Outcome.Cancelled.class, grandchild.get().join(), "the spawn was a child");
        });
        assertSame(self.get(), seen.get(), "the task is still the current task on its thread");
        assertEquals(Duration.ofHours(1), slept.get(), "its sleep read the manual clock");
    }

    @Test
    void aVirtualThreadThatIsNotATaskHasNoCurrentTask() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>("unset");
        Thread t = Thread.ofVirtual().start(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((th, e) -> { });
            seen.set(Zsync.currentTask().orElse(null));
            seen.set(seen.get() == null ? Zsync.currentTask().orElse(null) : "first lookup found a task");
        });
        t.join(10_000);
        assertEquals(null, seen.get(), "no task, asked twice (the second answer comes from the remembered scan)");
        assertTrue(Zsync.currentTask().isEmpty());
    }
}
