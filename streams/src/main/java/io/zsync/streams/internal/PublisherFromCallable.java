package io.zsync.streams.internal;

import io.zsync.Task;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code fromCallable}: each subscription runs the callable as a task (a task is itself a one-element publisher)
 * and relays it; unlike subscribing to a task directly, cancelling the subscription cancels the task.
 */
public final class PublisherFromCallable<T> implements Publisher<T> {
    private final Callable<? extends T> callable;
    private final Launcher launcher;

    public PublisherFromCallable(Callable<? extends T> callable, Launcher launcher) {
        this.callable = callable;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        Task<? extends T> task;
        try {
            task = launcher.spawn(callable);
        } catch (RuntimeException rejected) {
            Empty.error(subscriber, rejected);   // the runtime closed since assembly
            return;
        }
        task.subscribe(new CallableSubscriber<T>(subscriber, task, launcher));
    }

    private static final class CallableSubscriber<T> extends Relay<T, T> {
        private final Task<?> task;

        CallableSubscriber(Subscriber<? super T> subscriber, Task<?> task, Launcher launcher) {
            super(subscriber, "fromCallable", launcher);
            this.task = task;
        }

        @Override
        protected void handle(T item) {
            downstream.next(item);
        }

        @Override
        protected void whenDone() {
            task.cancel();   // a no-op once the task has finished
        }
    }
}
