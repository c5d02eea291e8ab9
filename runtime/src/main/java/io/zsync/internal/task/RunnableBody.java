package io.zsync.internal.task;

import io.zsync.CheckedRunnable;
import java.util.concurrent.Callable;

/**
 * A body that returns nothing, as a task body that returns null; reports name {@code code} (the caller's runnable),
 * not this adapter.
 */
public record RunnableBody(CheckedRunnable runnable, Object code) implements Callable<Void> {
    /** A body running {@code runnable}. */
    public RunnableBody(CheckedRunnable runnable) {
        this(runnable, runnable);
    }

    /** A body running a JDK {@link Runnable} (an executor's command). */
    static RunnableBody of(Runnable command) {
        return new RunnableBody(command::run, command);
    }

    @Override
    public Void call() throws Exception {
        runnable.run();
        return null;
    }
}
