package io.zsync.internal.task;

import java.util.concurrent.Callable;

/** A {@link Runnable} as a task body that returns null; reports name the runnable's code, not this adapter. */
public record RunnableBody(Runnable runnable) implements Callable<Void> {
    @Override
    public Void call() {
        runnable.run();
        return null;
    }
}
