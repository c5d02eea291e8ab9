package io.zsync.internal.task;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A closable set of live tasks: a runtime's registry, an executor's tasks, a task's children.
 *
 * <p>{@link #add} and {@link #close} race like Dekker's protocol: {@code add} inserts, then reads {@code closed};
 * {@code close} writes {@code closed}, then reads the tasks; a full fence sits between the write and the read on both
 * sides. So either {@code add} sees the set closed (and takes its task back out), or {@code close}'s snapshot holds
 * the task: no task slips into a closed set unseen.
 *
 * <p>Maintenance: run TaskAdmissionTest, ExecutorLincheckTest and TaskStressTest after a change.
 */
final class TaskSet {
    /** A set that was closed before it held anything: a cancelled task's children before the first child. */
    static final TaskSet CLOSED_EMPTY = new TaskSet(true);

    private final ConcurrentHashMap<TaskImpl<?>, Boolean> tasks = new ConcurrentHashMap<>();
    private volatile boolean closed;   // false → true once, by close(); read by add() after its insert

    TaskSet() {
        this(false);
    }

    private TaskSet(boolean closed) {
        this.closed = closed;
    }

    /** Adds {@code task} unless the set is closed. */
    boolean add(TaskImpl<?> task) {
        tasks.put(task, Boolean.TRUE);
        VarHandle.fullFence();   // the insert above before the read of `closed` (Dekker, see class comment)
        if (closed) {
            tasks.remove(task);
            return false;
        }
        return true;
    }

    void remove(TaskImpl<?> task) {
        tasks.remove(task);
    }

    /** Closes the set to new tasks and returns the tasks it holds. */
    List<TaskImpl<?>> close() {
        closed = true;
        VarHandle.fullFence();   // the write of `closed` before reading the tasks (Dekker, see class comment)
        return snapshot();
    }

    boolean isClosed() {
        return closed;
    }

    List<TaskImpl<?>> snapshot() {
        return new ArrayList<>(tasks.keySet());
    }

    int size() {
        return tasks.size();
    }
}
