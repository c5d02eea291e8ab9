package io.zsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Zsync#run} in this JVM; the child-JVM exit tests are in {@link ExitTest}. */
@Timeout(30)
class RunTest {

    @ParameterizedTest
    @EnumSource(ExecutionModel.class)
    void runReturnsMainsResultAndCancelsWhatMainLeftRunning(ExecutionModel model) throws Exception {
        RecordingHandler handler = new RecordingHandler();
        AtomicReference<Task<Void>> left = new AtomicReference<>();
        String result = Zsync.run(RecordingHandler.config(model, handler), () -> {
            left.set(Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10))));
            return "answer";
        });
        assertEquals("answer", result);
        assertEquals(TaskState.CANCELLED, left.get().state(), "done before run returned");
        assertEquals(List.of(), handler.failures);
    }

    @ParameterizedTest
    @EnumSource(ExecutionModel.class)
    void runRethrowsMainsCheckedFailureAsThrown(ExecutionModel model) {
        IOException boom = new IOException("no such file");
        IOException thrown = assertThrows(IOException.class, () -> Zsync.run(RecordingHandler.config(model,
                new RecordingHandler()), () -> {
                    throw boom;
                }));
        assertSame(boom, thrown);
    }

    @Test
    void mainRunsOnTheCallerThreadAsTheRootTaskNamedMain() throws Exception {
        Thread caller = Thread.currentThread();
        Zsync.run(() -> {
            assertSame(caller, Thread.currentThread());
            assertEquals("main", Zsync.currentTask().orElseThrow().name());
            assertTrue(Zsync.currentRuntime().isPresent());
        });
        assertFalse(Zsync.currentTask().isPresent());
    }

    @Test
    void tasksSpawnedByMainAreItsChildren() throws Exception {
        Zsync.run(() -> {
            Task<Void> child = Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
            Task<Void> grandchild = Zsync.spawn(() -> { });
            grandchild.await();
            assertFalse(child.isDone());
        });
    }

    @Test
    void closingTheRuntimeFromATaskCancelsMainAndRunThrowsCancelled() {
        CountDownLatch never = new CountDownLatch(1);
        TaskCancelledException e = assertThrows(TaskCancelledException.class, () -> Zsync.run(() -> {
            Zsync.spawn(() -> Zsync.currentRuntime().orElseThrow().close());
            never.await();   // interrupted by the close
            return "unreachable";
        }));
        assertTrue(e.getMessage().contains("main was cancelled"), e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is left clean");
    }

    @Test
    void aNestedRunInsideATaskHasItsOwnRootAndTheOuterTaskIsCurrentAgainAfterwards() throws Exception {
        try (ZsyncRuntime outer = ZsyncRuntime.create(Config.optimal())) {
            Task<String> t = outer.spawn(() -> {
                Task<?> self = Zsync.currentTask().orElseThrow();
                String inner = Zsync.run(() -> {
                    Task<?> root = Zsync.currentTask().orElseThrow();
                    Task<String> child = Zsync.spawn(() -> Zsync.currentRuntime().orElseThrow() == outer
                            ? "outer runtime" : "inner runtime");
                    return root.name() + " spawned on the " + child.await();
                });
                return inner + "; then " + (Zsync.currentTask().orElseThrow() == self ? "self" : "other");
            });
            assertEquals("main spawned on the inner runtime; then self", t.await());
        }
    }

    @Test
    void runRejectsNullArguments() {
        assertThrows(NullPointerException.class, () -> Zsync.run((java.util.concurrent.Callable<?>) null));
        assertThrows(NullPointerException.class, () -> Zsync.run(null, () -> 1));
    }

    @Test
    void spawnOutsideAnyRuntimeSaysHowToGetOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Zsync.spawn(() -> 1));
        assertTrue(e.getMessage().contains("call it inside Zsync.run(...)"), e.getMessage());
        assertTrue(e.getMessage().contains("Zsync.initGlobalRuntime(Config.optimal())"), e.getMessage());
        assertThrows(IllegalStateException.class, Zsync::newExecutor);
    }

    @Test
    void globalRuntimeLifecycleWithActionableErrors() {
        IllegalStateException before = assertThrows(IllegalStateException.class, Zsync::getGlobalRuntime);
        assertTrue(before.getMessage().contains("call Zsync.initGlobalRuntime(Config.optimal()) once at startup"),
                before.getMessage());
        assertThrows(IllegalStateException.class, Zsync::deinitGlobalRuntime);
        ZsyncRuntime global = Zsync.initGlobalRuntime(Config.optimal());
        try {
            assertSame(global, Zsync.getGlobalRuntime());
            assertEquals(7, Zsync.spawn(() -> 7).await());
            assertSame(global, Zsync.currentRuntime().orElseThrow());
            IllegalStateException twice = assertThrows(IllegalStateException.class,
                    () -> Zsync.initGlobalRuntime(Config.optimal()));
            assertTrue(twice.getMessage().contains("already initialised"), twice.getMessage());
            assertTrue(twice.getMessage().contains("call Zsync.deinitGlobalRuntime() before"), twice.getMessage());
        } finally {
            Zsync.deinitGlobalRuntime();
        }
        assertTrue(global.isClosed());
        assertThrows(IllegalStateException.class, Zsync::getGlobalRuntime);
    }

    @Test
    void createOptimalRuntimeUsesTheOptimalConfig() {
        try (ZsyncRuntime rt = Zsync.createOptimalRuntime()) {
            assertEquals(Config.optimal().describe(), rt.config().describe());
            assertEquals(3, rt.spawn(() -> 3).await());
        }
    }
}
