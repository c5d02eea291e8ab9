package io.zsync.internal.task;

import io.zsync.Config;
import io.zsync.TaskState;
import io.zsync.ZsyncRuntime;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of a task's state machine: its runner racing {@code cancel}, observed through the task's decided
 * fate. The sequential specification is the task itself, one operation at a time, where a body runs atomically.
 * With them race registrations on the task's waiter stack ({@code whenComplete}): {@link #everyCallbackFiredOnce()},
 * run after every explored execution, checks that each callback fired exactly once, registered before, during or
 * after the completion, whether the runner's or a cancel's. Completion swaps the stack out only if it sees a node
 * there (a Dekker pair with the registering thread's re-check of the state: TaskImpl's Waiters note); without that
 * re-check this test finds a lost callback within seconds.
 *
 * <p>What is checked is the decision, not {@code poll()}: by design a cancelled task stays pending until its body has
 * stopped, which no atomic specification has; {@code decision()} says CANCELLED from the moment cancel won. Under the
 * blocking model a spawned task waits, unstarted, so the checker's threads play the runner.
 */
@Timeout(300)
public class TaskLincheckTest {
    private final TaskImpl<Integer> task;
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger fired = new AtomicInteger();

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

    @Operation
    public void whenComplete() {
        registered.incrementAndGet();
        task.whenComplete(fired::incrementAndGet);
    }

    @Validate
    public void everyCallbackFiredOnce() {
        task.run();   // completes the task if no operation did (no-op otherwise)
        if (!task.isDone()) {
            throw new IllegalStateException("the task is not done after run(): " + task);
        }
        if (fired.get() != registered.get()) {
            throw new IllegalStateException(fired.get() + " callbacks fired for " + registered.get() + " registered");
        }
    }

    @Test
    void runAndCancelDecideTheOutcomeLinearizablyAndEveryWaiterFiresOnce() {
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
