package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskScopeTest {
    @Test
    void closeJoinsEveryTask() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        Zsync.runTest(() -> {
            try (TaskScope scope = TaskScope.open()) {
                for (int i = 0; i < 10; i++) {
                    int n = i;
                    scope.spawn(() -> {
                        Zsync.sleep(Duration.ofSeconds(n));
                        finished.incrementAndGet();
                    });
                }
            }
            assertEquals(10, finished.get(), "close() returned before its tasks ended");
            return null;
        });
    }

    @Test
    void theFirstFailureCancelsTheRestAndIsRethrownWithOthersSuppressed() throws Exception {
        Zsync.runTest(() -> {
            List<Task<?>> tasks = new ArrayList<>();
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> {
                try (TaskScope scope = TaskScope.open()) {
                    tasks.add(scope.spawn(() -> Zsync.sleep(Duration.ofHours(1))));
                    tasks.add(scope.spawn(() -> {
                        Zsync.sleep(Duration.ofSeconds(1));
                        throw new IOException("first");
                    }));
                }
            });
            assertInstanceOf(IOException.class, e.getCause());
            assertInstanceOf(Outcome.Cancelled.class, tasks.get(0).join());
            return null;
        });
    }

    @Test
    void aSupervisorLetsSiblingsFinishAndCollectsFailures() throws Exception {
        Zsync.runTest(() -> {
            Task<String> sibling;
            List<Throwable> failures;
            try (TaskScope scope = TaskScope.supervisor()) {
                scope.spawn(() -> {
                    throw new IOException("one");
                });
                sibling = scope.spawn(() -> {
                    Zsync.sleep(Duration.ofSeconds(5));
                    return "survived";
                });
                scope.joinAll();
                failures = scope.failures();
            }
            assertEquals("survived", sibling.await());
            assertEquals(1, failures.size());
            assertInstanceOf(IOException.class, failures.get(0));
            return null;
        });
    }

    @RepeatedTest(20)   // completion order follows virtual time on every run
    void joinNextReturnsTasksInCompletionOrder() throws Exception {
        Zsync.runTest(() -> {
            try (TaskScope scope = TaskScope.open()) {
                for (int s : new int[] {3, 1, 2}) {
                    scope.spawn(() -> {
                        Zsync.sleep(Duration.ofSeconds(s));
                        return s;
                    });
                }
                List<Object> order = new ArrayList<>();
                Task<?> t;
                while ((t = scope.joinNext()) != null) {
                    assertTrue(t.isDone());
                    order.add(t.await());
                }
                assertEquals(List.of(1, 2, 3), order);
                assertNull(scope.joinNext());
            }
            return null;
        });
    }

    @Test
    void runCancelsTheTasksWhenTheBodyThrows() throws Exception {
        Zsync.run(() -> {
            List<Task<?>> tasks = new ArrayList<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaskScope.run(scope -> {
                tasks.add(scope.spawn(() -> Zsync.sleep(Duration.ofHours(1))));
                throw new IllegalStateException("body failed");
            }));
            assertEquals("body failed", e.getMessage());
            assertInstanceOf(Outcome.Cancelled.class, tasks.get(0).join());
            return null;
        });
    }

    @Test
    void cancellingTheOwnerCancelsTheScopesTasks() throws Exception {
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            List<Task<?>> inner = new java.util.concurrent.CopyOnWriteArrayList<>();
            Task<Void> owner = rt.spawn(() -> {
                try (TaskScope scope = TaskScope.open()) {
                    inner.add(scope.spawn(() -> Zsync.sleep(Duration.ofHours(1))));
                }
            });
            io.zsync.testkit.Waits.until(() -> inner.size() == 1, "the scope's task to start");
            owner.cancel();
            assertInstanceOf(Outcome.Cancelled.class, owner.join());
            assertInstanceOf(Outcome.Cancelled.class, inner.get(0).join());
        }
    }

    @Test
    void spawnAfterCloseIsAClearError() throws Exception {
        Zsync.run(() -> {
            TaskScope scope = TaskScope.open();
            scope.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.spawn(() -> 1));
            assertTrue(e.getMessage().contains("open a new scope"), e.getMessage());
            return null;
        });
        IllegalStateException none = assertThrows(IllegalStateException.class, TaskScope::open);
        assertTrue(none.getMessage().contains("Zsync.run"), none.getMessage());
    }
}
