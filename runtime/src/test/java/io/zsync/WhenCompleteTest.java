package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.channel.Channel;
import io.zsync.testkit.Waits;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WhenCompleteTest {
    @Test
    void runsOnceWhenTheTaskCompletesAndAtOnceIfItHas() throws Exception {
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            Channel<String> go = Zsync.bounded(1);
            Task<String> task = rt.spawn(() -> go.recv());
            AtomicInteger runs = new AtomicInteger();
            AtomicReference<Outcome<String>> seen = new AtomicReference<>();
            task.whenComplete(() -> {
                seen.set(task.poll());   // before the count the test waits for, which it then reads after
                runs.incrementAndGet();
            });
            assertEquals(0, runs.get());
            go.send("done");
            Waits.until(() -> runs.get() == 1, "the action to run");
            assertEquals(new Outcome.Success<>("done"), seen.get());
            AtomicInteger late = new AtomicInteger();
            task.whenComplete(late::incrementAndGet);
            assertEquals(1, late.get(), "registered on a done task: runs at once");
            assertEquals(1, runs.get(), "runs once");
        }
    }

    @Test
    void doesNotStartADeferredTaskAndSeesItsCancellation() {
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.blocking())) {
            AtomicInteger bodyRuns = new AtomicInteger();
            Task<Integer> task = rt.spawn(bodyRuns::incrementAndGet);
            AtomicReference<Outcome<Integer>> seen = new AtomicReference<>();
            task.whenComplete(() -> seen.set(task.poll()));
            assertFalse(task.isDone());
            assertEquals(0, bodyRuns.get(), "registering must not run a task of the blocking model");
            task.cancel();
            assertInstanceOf(Outcome.Cancelled.class, seen.get());
        }
    }

    @Test
    void aThrowingActionReachesTheUncaughtHandlerAndOthersStillRun() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.builder().uncaughtHandler(handler).build())) {
            Channel<String> go = Zsync.bounded(1);
            Task<String> task = rt.spawn(() -> go.recv());
            AtomicInteger after = new AtomicInteger();
            task.whenComplete(() -> {
                throw new IllegalStateException("bookkeeping bug");
            });
            task.whenComplete(after::incrementAndGet);
            go.send("x");
            assertEquals("x", task.await());
            Waits.until(() -> after.get() == 1, "the other action to run");
            assertTrue(handler.awaitFailures(1).get(0).getMessage().contains("bookkeeping bug"));
        }
        assertThrows(NullPointerException.class, () -> Zsync.runSimple(() -> Zsync.spawn(() -> 1).whenComplete(null)));
    }
}
