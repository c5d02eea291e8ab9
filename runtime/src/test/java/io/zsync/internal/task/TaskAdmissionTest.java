package io.zsync.internal.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.TaskState;
import io.zsync.ZsyncRuntime;
import io.zsync.internal.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The window between a task's entry into its executor's set and the set's verdict, taken one step at a time on
 * the test's thread, which plays both the spawner (RuntimeCore.spawn's steps) and a closer that finds the task in
 * the closing set's list (TaskSet's Dekker protocol lets it). Under the blocking model a join runs tasks nobody
 * started; before tasks were UNADMITTED in this window, such a join ran the body of a spawn about to be refused
 * ({@link #aJoinDoesNotRunATaskItsSetHasYetToTake()} failed so).
 */
@Timeout(10)
class TaskAdmissionTest {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.blocking());
    private final RuntimeCore core = ((TaskImpl<?>) runtime.spawn(() -> 0)).core();
    private final TaskRegistry registry = new TaskRegistry(4);
    private final TaskSet set = new TaskSet();
    private final AtomicInteger ran = new AtomicInteger();

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    /** The spawner's steps up to the set's add, as RuntimeCore.spawn takes them; the set is closed meanwhile. */
    private TaskImpl<Integer> enteredSetAsItCloses(boolean command) {
        TaskImpl<Integer> task = new TaskImpl<>(core, registry, 1, () -> ran.incrementAndGet(), null, null, set, null,
                command);
        assertTrue(registry.publish(task));
        assertTrue(set.add(task));
        List<TaskImpl<?>> closing = set.close();   // as if close ran just before add's read of `closed`
        assertEquals(List.of(task), closing, "the closing set's list holds the task its spawner will be refused");
        return task;
    }

    @Test
    void aJoinDoesNotRunATaskItsSetHasYetToTake() {
        TaskImpl<Integer> task = enteredSetAsItCloses(false);
        long soon = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        assertFalse(task.joinQuietly(soon, Clock.SYSTEM), "the join waits for the verdict until its deadline, and gives up");
        assertEquals(0, ran.get(), "the join ran the body of a task whose spawn was about to be refused");
        task.discard();   // the spawner's verdict: refused
        assertEquals(TaskState.CANCELLED, task.state());
        assertTrue(task.joinQuietly(System.nanoTime(), Clock.SYSTEM));
        assertEquals(0, ran.get(), "a refused spawn's body ran");
    }

    @Test
    void aJoinRunsTheTaskOnceItsSetTookIt() {
        TaskImpl<Integer> task = enteredSetAsItCloses(false);
        task.admit();
        assertTrue(task.joinQuietly(System.nanoTime() + TimeUnit.SECONDS.toNanos(5), Clock.SYSTEM));
        assertEquals(1, ran.get());
        assertEquals(TaskState.SUCCEEDED, task.state());
    }

    @Test
    void aCancelBeforeTheVerdictDoesNotWaitForIt() {
        TaskImpl<Integer> task = enteredSetAsItCloses(false);
        assertTrue(task.cancel(), "a closer's cancel returns at once, the spawner being mid-spawn");
        assertEquals(TaskState.CANCELLED, task.decision());
        assertFalse(task.cancel(), "cancelled already");
        assertFalse(task.isDone(), "its spawner completes it");
        task.admit();
        assertEquals(TaskState.CANCELLED, task.state());
        assertEquals(0, ran.get());
    }

    @Test
    void aCommandCancelledBeforeTheVerdictStillRunsOnceTaken() {
        TaskImpl<Integer> task = enteredSetAsItCloses(true);
        assertTrue(task.cancel());
        task.admit();
        assertTrue(task.isUnstarted(), "a command's body must run (what a FutureTask around it waits for)");
        task.runIfDeferred();
        assertEquals(1, ran.get());
        assertEquals(TaskState.CANCELLED, task.state());
    }

    @Test
    void aCancelledTaskWhoseSpawnIsRefusedNeverRuns() {
        TaskImpl<Integer> task = enteredSetAsItCloses(true);
        assertTrue(task.cancel());
        task.discard();
        assertEquals(TaskState.CANCELLED, task.state());
        task.runIfDeferred();
        assertEquals(0, ran.get());
    }
}
