package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zsync.channel.Channel;
import io.zsync.sync.Mutex;
import io.zsync.sync.Semaphore;
import java.time.Duration;
import io.zsync.testkit.Waits;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

/**
 * Cancelling a task wakes it from every kind of zsync wait, with {@link TaskCancelledException}, and the wait leaves
 * no trace: channels hold what they held.
 */
@Timeout(30)
class CancellationWakesTest {
    /** A wait on fresh channels: {@code full} holds "kept" and has no room; {@code empty} holds nothing. */
    interface Wait {
        Object on(Channel<String> full, Channel<String> empty) throws Exception;
    }

    static Stream<Arguments> waits() {
        return Stream.of(
                Arguments.of("send", true, (Wait) (full, empty) -> {
                    full.send("lost?");
                    return null;
                }),
                Arguments.of("timed send", true, (Wait) (full, empty) -> full.send("lost?", Duration.ofHours(1))),
                Arguments.of("recv", false, (Wait) (full, empty) -> empty.recv()),
                Arguments.of("timed recv", false, (Wait) (full, empty) -> empty.recv(Duration.ofHours(1))),
                Arguments.of("select", true, (Wait) (full, empty) -> Zsync.<String>select()
                        .onSend(full, "lost?", () -> "sent").onRecv(empty, v -> v).await()),
                Arguments.of("sleep", false, (Wait) (full, empty) -> {
                    Zsync.sleep(Duration.ofHours(1));
                    return null;
                }),
                Arguments.of("await", false, (Wait) (full, empty) -> Zsync.spawn(() -> empty.recv()).await()),
                Arguments.of("awaitAll", false,
                        (Wait) (full, empty) -> Zsync.awaitAll(Zsync.spawn(() -> empty.recv()))),
                Arguments.of("race", false, (Wait) (full, empty) -> Zsync.race(Zsync.spawn(() -> empty.recv()))),
                Arguments.of("acquire", false, (Wait) (full, empty) -> {
                    Semaphore none = Semaphore.create(1);
                    none.tryAcquire();
                    none.acquire();
                    return null;
                }),
                Arguments.of("lock", false, (Wait) (full, empty) -> {
                    Mutex taken = Mutex.create();
                    Zsync.spawn(() -> { taken.lock(); }).join();   // held by a task that has ended
                    taken.lock();
                    return null;
                }),
                Arguments.of("scope", false, (Wait) (full, empty) -> {
                    try (TaskScope scope = TaskScope.open()) {
                        scope.spawn(() -> empty.recv());
                    }
                    return null;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waits")
    void cancelWakesTheWaitAndLosesNothing(String kind, boolean onFull, Wait wait) throws Exception {
        Channel<String> full = Zsync.bounded(1);
        full.send("kept");
        Channel<String> empty = Zsync.bounded(1);
        Channel<String> channel = onFull ? full : empty;
        int sizeBefore = channel.size();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            Task<Object> waiter = rt.spawn(() -> {
                thread.set(Thread.currentThread());
                started.countDown();
                return wait.on(full, empty);
            });
            started.await();
            Waits.untilParked(thread.get());   // blocked in the wait (the outcome must not depend on it anyway)
            waiter.cancel();
            Outcome<Object> o = waiter.join();
            assertInstanceOf(Outcome.Cancelled.class, o, kind + " ended with " + o);
        }
        assertEquals(sizeBefore, channel.size(), kind + " changed the channel");
        if (sizeBefore == 1) {
            assertEquals("kept", channel.tryRecv());
        } else {
            assertNull(channel.tryRecv());
        }
    }
}
