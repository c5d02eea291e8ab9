package io.zsync.internal.task;

import io.zsync.Config;
import io.zsync.TaskState;
import io.zsync.ZsyncRuntime;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of a task's state machine: its runner racing {@code cancel}, observed through the task's decided
 * fate. The sequential specification is the task itself, one operation at a time, where a body runs atomically.
 *
 * <p>What is checked is the decision, not {@code poll()}: by design a cancelled task stays pending until its body has
 * stopped, which no atomic specification has; {@code decision()} says CANCELLED from the moment cancel won. Under the
 * blocking model a spawned task waits, unstarted, so the checker's threads play the runner.
 */
@Timeout(300)
public class TaskLincheckTest {
    private final TaskImpl<Integer> task;

    public TaskLincheckTest() {
        ZsyncRuntime runtime = ZsyncRuntime.create(Config.blocking());
        task = (TaskImpl<Integer>) runtime.spawn(() -> 42);
    }

    /** One runner at a time, as in real use: a task is started by one thread (its own, a worker, or an awaiter). */
    @Operation(nonParallelGroup = "runner")
    public void run() {
        task.run();
    }

    @Operation
    public boolean cancel() {
        return task.cancel();
    }

    @Operation
    public TaskState decision() {
        return task.decision();
    }

    @Test
    void runAndCancelDecideTheOutcomeLinearizably() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 30))
                .invocationsPerIteration(1_000)
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(0)
                .actorsAfter(1)
                .check(TaskLincheckTest.class);
    }
}
