package io.zsync.internal.task;

import io.zsync.Config;
import io.zsync.TaskState;
import io.zsync.ZsyncRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task's children under {@code cancelChildren} and {@code cancel} racing the adoption of new children. The
 * sequential specification is the task itself, one operation at a time: a child adopted before a cancelChildren or a
 * cancel is cancelled by it, one adopted after a cancel is cancelled at once ({@code adopt} returns false), one
 * adopted after a cancelChildren lives until the next. Before adopt retried into the next set, an adoption racing
 * cancelChildren was cancelled at once, as if after a cancel: this test found that in its first run. {@link #noChildEscapes()}, run after every explored execution, cancels the parent and checks
 * that every child ever adopted ends cancelled: none is left in a set nobody will close.
 */
@Timeout(300)
public class ChildrenLincheckTest {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.blocking());
    private final TaskImpl<Integer> parent = (TaskImpl<Integer>) runtime.spawn(() -> 42);
    private final List<TaskImpl<Integer>> adopted = new CopyOnWriteArrayList<>();

    /** The parent's body spawning: one spawner at a time, as a task spawns its children from its own thread. */
    @Operation(nonParallelGroup = "spawner")
    public boolean adopt() {
        TaskImpl<Integer> child = (TaskImpl<Integer>) runtime.spawn(() -> 7);
        adopted.add(child);
        return parent.adopt(child);   // false: cancelled at once, which only a cancel before it may cause
    }

    @Operation
    public void cancelChildren() {
        parent.cancelChildren();
    }

    @Operation
    public boolean cancel() {
        return parent.cancel();
    }

    @Validate
    public void noChildEscapes() {
        parent.cancel();
        for (TaskImpl<Integer> child : adopted) {
            if (child.decision() != TaskState.CANCELLED) {
                throw new IllegalStateException("a child escaped its parent's cancellation: " + child);
            }
        }
    }

    @Test
    void cancelChildrenAndCancelReachEveryChildLinearizably() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 20))
                .invocationsPerIteration(500)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .check(ChildrenLincheckTest.class);
    }
}
