package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/** The blocking model: no threads; a task runs on the thread that first waits for it. */
@Timeout(30)
class BlockingModelTest {

    @Test
    void aTaskRunsOnTheCallerThreadWhenFirstAwaited() throws Exception {
        Thread caller = Thread.currentThread();
        List<String> order = new CopyOnWriteArrayList<>();
        String result = Zsync.runSimple(() -> {
            Task<Thread> t = Zsync.spawn(() -> {
                order.add("task");
                return Thread.currentThread();
            });
            order.add("spawned");
            assertFalse(t.isDone(), "spawn does not run it");
            assertSame(caller, t.await());
            order.add("awaited");
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of("spawned", "task", "awaited"), order);
    }

    @Test
    void aTaskNobodyWaitsForNeverRunsAndIsCancelledWhenMainReturns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Task<Void>> left = new AtomicReference<>();
        long start = System.nanoTime();
        Zsync.runSimple(() -> {
            left.set(Zsync.spawn(() -> {
                ran.set(true);
                Zsync.sleep(Duration.ofMinutes(10));
            }));
        });
        assertFalse(ran.get());
        assertEquals(TaskState.CANCELLED, left.get().state());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "a hang guard, not a speed test");
    }

    @Test
    void joinAndSubscriberRequestsAlsoRunTheTask() throws Exception {
        Zsync.runSimple(() -> {
            Task<Integer> joined = Zsync.spawn(() -> 1);
            assertEquals(new Outcome.Success<>(1), joined.join());
            Task<Integer> subscribed = Zsync.spawn(() -> 2);
            assertEquals(2, Mono.from(subscribed).block());
        });
    }

    @Test
    void nestedTasksRunInlineInOrder() throws Exception {
        int sum = Zsync.runSimple(() -> {
            Task<Integer> outer = Zsync.spawn(() -> {
                Task<Integer> inner = Zsync.spawn(() -> 20);
                return inner.await() + 1;
            });
            return outer.await() * 2;
        });
        assertEquals(42, sum);
    }

    @Test
    void runSimpleRethrowsTheFailureAsThrown() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Zsync.runSimple(() -> {
                    throw boom;
                }));
        assertSame(boom, thrown);
    }
}
