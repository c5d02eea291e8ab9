package io.zsync.internal.task;

import io.zsync.Config;
import io.zsync.ZsyncRuntime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registry of live tasks under spawns, completions and close racing: close's list holds every task that was
 * accepted and had not completed before close returned, and once all is quiet a snapshot holds exactly the accepted
 * tasks not completed. Chunks of two slots, so that spawns fill chunks and grow the list, and completions retire
 * them, while the others run.
 *
 * <p>The operations' results are trivially linearizable; the checks are in {@link #closeMissedNoLiveTask()}, which
 * the model checker runs after every explored execution.
 */
@Timeout(300)
@Param(name = "task", gen = IntGen.class, conf = "0:3")
public class TaskRegistryLincheckTest {
    private static final int TASKS = 4;
    private static final int NONE = 0;
    private static final int LIVE = 1;        // add returned true
    private static final int COMPLETED = 2;   // its completion has begun (remove)

    private static final RuntimeCore CORE = ((TaskImpl<?>) ZsyncRuntime.create(Config.blocking()).spawn(() -> 0)).core();

    private final TaskRegistry registry = new TaskRegistry(2);
    private final AtomicReferenceArray<@Nullable TaskImpl<?>> tasks = new AtomicReferenceArray<>(TASKS);
    private final AtomicInteger nextTask = new AtomicInteger();
    private final AtomicIntegerArray state = new AtomicIntegerArray(TASKS);
    private final AtomicIntegerArray completedAfterClose = new AtomicIntegerArray(TASKS);
    private volatile @Nullable List<TaskImpl<?>> closeList;   // the first close's list
    private volatile boolean closeReturned;

    /** Spawns the next task (its constructor reserves a slot); false once the registry is closed (or all tasks are
     *  spawned). */
    @Operation
    public boolean spawn() {
        int i = nextTask.getAndIncrement();
        if (i >= TASKS) {
            return false;
        }
        TaskImpl<?> t = new TaskImpl<>(CORE, registry, i + 1, () -> 0, null, null, null, null, false);
        tasks.set(i, t);
        if (!registry.publish(t)) {
            return false;                 // as RuntimeCore does: the rejected task is discarded
        }
        state.set(i, LIVE);
        return true;
    }

    /** Completes task {@code i} if it is live, as a finishing task does: remove. */
    @Operation
    public void complete(@Param(name = "task") int i) {
        if (!state.compareAndSet(i, LIVE, COMPLETED)) {
            return;
        }
        completedAfterClose.set(i, closeReturned ? 1 : 0);
        registry.remove(Objects.requireNonNull(tasks.get(i)));
    }

    @Operation(nonParallelGroup = "closer")
    public void close() {
        List<TaskImpl<?>> list = registry.close();
        if (closeList == null) {
            closeList = list;
            closeReturned = true;
        }
    }

    /** The checks, run after every execution: nothing lost at close, nothing lost or resurrected by a retired chunk. */
    @Validate
    public void closeMissedNoLiveTask() {
        List<TaskImpl<?>> closed = closeList;
        if (closed != null) {
            for (int i = 0; i < TASKS; i++) {
                int s = state.get(i);
                boolean liveThroughClose = s == LIVE || (s == COMPLETED && completedAfterClose.get(i) == 1);
                if (liveThroughClose && !closed.contains(tasks.get(i))) {
                    throw new IllegalStateException("close() missed live task " + i + ": " + closed);
                }
            }
        }
        Set<TaskImpl<?>> expected = new HashSet<>();
        for (int i = 0; i < TASKS; i++) {
            if (state.get(i) == LIVE) {
                expected.add(Objects.requireNonNull(tasks.get(i)));
            }
        }
        Set<TaskImpl<?>> actual = new HashSet<>(registry.snapshot());
        if (!actual.equals(expected)) {
            throw new IllegalStateException("snapshot " + actual + " but live " + expected);
        }
    }

    @Test
    void closeFindsEveryLiveTaskUnderSpawnsAndSweeps() {
        // 15 iterations (the other Lincheck tests run 30): with the task constructed in the operation (its
        // constructor reserves the slot) an iteration costs about twice what it did; a registry that ignores
        // `closed` fails within seconds
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 15))
                .invocationsPerIteration(1_000)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .check(TaskRegistryLincheckTest.class);
    }
}
