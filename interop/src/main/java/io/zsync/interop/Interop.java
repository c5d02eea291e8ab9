package io.zsync.interop;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Bridges between zsync, Reactive Streams, {@link Flow} and {@link CompletionStage}.
 *
 * <h2>Flow and Reactive Streams</h2>
 * zsync's own publishers (tasks, channels, pipelines) already implement both interface families, and the
 * conversions return them unchanged; anything else is wrapped with the Reactive Streams project's own adapters
 * ({@link FlowAdapters}), which keep every rule of the specification.
 *
 * <h2>CompletionStage and tasks</h2>
 * {@link #toCompletableFuture(Task)} and {@link #toTask(ZsyncRuntime, CompletionStage)} carry results, failures and
 * cancellation both ways: cancelling the future cancels the task, and cancelling the task cancels the future.
 *
 * <p>Thread-safe: every method may be called from any thread.
 *
 * @since 0.1
 */
public final class Interop {
    private Interop() {
    }

    // ---- Flow and Reactive Streams ----

    /**
     * Returns {@code publisher} as a {@link Flow.Publisher}: itself if it already is one (zsync's are).
     *
     * @param publisher a Reactive Streams publisher, not null
     * @param <T> the element type
     * @return the same elements as a {@code Flow.Publisher}
     * @throws NullPointerException if {@code publisher} is null
     */
    @SuppressWarnings("unchecked")
    public static <T> Flow.Publisher<T> toFlowPublisher(Publisher<T> publisher) {
        Objects.requireNonNull(publisher, "publisher must not be null");
        return publisher instanceof Flow.Publisher<?> both ? (Flow.Publisher<T>) both
                : FlowAdapters.toFlowPublisher(publisher);
    }

    /**
     * Returns {@code publisher} as a Reactive Streams {@link Publisher}: itself if it already is one.
     *
     * @param publisher a {@code Flow} publisher, not null
     * @param <T> the element type
     * @return the same elements as a Reactive Streams {@code Publisher}
     * @throws NullPointerException if {@code publisher} is null
     */
    @SuppressWarnings("unchecked")
    public static <T> Publisher<T> toPublisher(Flow.Publisher<T> publisher) {
        Objects.requireNonNull(publisher, "publisher must not be null");
        return publisher instanceof Publisher<?> both ? (Publisher<T>) both : FlowAdapters.toPublisher(publisher);
    }

    /**
     * Returns {@code subscriber} as a {@link Flow.Subscriber}: itself if it already is one (a channel is).
     *
     * @param subscriber a Reactive Streams subscriber, not null
     * @param <T> the element type
     * @return a {@code Flow} subscriber that forwards every signal
     * @throws NullPointerException if {@code subscriber} is null
     */
    @SuppressWarnings("unchecked")
    public static <T> Flow.Subscriber<T> toFlowSubscriber(Subscriber<T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null");
        return subscriber instanceof Flow.Subscriber<?> both ? (Flow.Subscriber<T>) both
                : FlowAdapters.toFlowSubscriber(subscriber);
    }

    /**
     * Returns {@code subscriber} as a Reactive Streams {@link Subscriber}: itself if it already is one.
     *
     * @param subscriber a {@code Flow} subscriber, not null
     * @param <T> the element type
     * @return a Reactive Streams subscriber that forwards every signal
     * @throws NullPointerException if {@code subscriber} is null
     */
    @SuppressWarnings("unchecked")
    public static <T> Subscriber<T> toSubscriber(Flow.Subscriber<T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null");
        return subscriber instanceof Subscriber<?> both ? (Subscriber<T>) both : FlowAdapters.toSubscriber(subscriber);
    }

    // ---- CompletionStage and tasks ----

    /**
     * Returns a future completed by {@code task}: with its result, exceptionally with what its body threw, or
     * cancelled when the task is cancelled. Cancelling the future ({@code cancel(anything)}) cancels the task.
     *
     * @param task the task, not null
     * @param <T> the result type
     * @return a new future; its {@code cancel} cancels the task
     * @throws NullPointerException if {@code task} is null
     */
    public static <T> CompletableFuture<T> toCompletableFuture(Task<T> task) {
        Objects.requireNonNull(task, "task must not be null");
        TaskFuture<T> future = new TaskFuture<>(task);
        task.subscribe((Subscriber<T>) future.completer);
        return future;
    }

    /**
     * Spawns, on the current runtime, a task that waits for {@code stage} and returns its result; see
     * {@link #toTask(ZsyncRuntime, CompletionStage)}.
     *
     * @param stage the stage, not null
     * @param <T> the result type
     * @return the task
     * @throws NullPointerException if {@code stage} is null
     * @throws IllegalStateException if there is no current runtime (no calling task and no global runtime)
     */
    public static <T> Task<T> toTask(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage must not be null");
        ZsyncRuntime runtime = Zsync.currentRuntime().orElseThrow(() -> new IllegalStateException(
                "toTask needs a runtime: call it from a task (inside Zsync.run), initialise the global runtime"
                        + " (Zsync.initGlobalRuntime(Config.optimal())), or pass one: toTask(runtime, stage)"));
        return toTask(runtime, stage);
    }

    /**
     * Spawns on {@code runtime} a task that waits for {@code stage}: it returns the stage's result, fails with the
     * stage's failure (unwrapped from {@link java.util.concurrent.CompletionException} or
     * {@link ExecutionException}), and is cancelled when the stage is cancelled. Cancelling the task cancels the
     * stage's future ({@link CompletionStage#toCompletableFuture()}), if it supports that.
     *
     * @param runtime where the task runs, not null
     * @param stage the stage, not null
     * @param <T> the result type
     * @return the task
     * @throws NullPointerException if an argument is null
     * @throws java.util.concurrent.RejectedExecutionException if {@code runtime} is closed
     */
    public static <T> Task<T> toTask(ZsyncRuntime runtime, CompletionStage<T> stage) {
        Objects.requireNonNull(runtime, "runtime must not be null");
        Objects.requireNonNull(stage, "stage must not be null");
        CompletableFuture<T> future = stage.toCompletableFuture();
        Task<T> task = runtime.spawn(() -> {
            try {
                return future.get();
            } catch (InterruptedException cancelled) {
                future.cancel(true);   // the task was cancelled: so is what it waited for
                Thread.currentThread().interrupt();
                throw new TaskCancelledException("cancelled while waiting for a CompletionStage; the stage was"
                        + " cancelled too", null);
            } catch (ExecutionException failed) {
                Throwable cause = failed.getCause();
                if (cause instanceof Exception e) {
                    throw e;
                }
                throw failed;
            }
        });
        // a task cancelled before its body ran never reaches future.get(): cancel the stage on the outcome too
        task.whenComplete(() -> {
            if (task.poll() instanceof Outcome.Cancelled<T>) {
                future.cancel(true);
            }
        });
        return task;
    }

    /** A future whose cancel cancels its task. */
    private static final class TaskFuture<T> extends CompletableFuture<T> {
        private final Task<T> task;
        final Completer<T> completer = new Completer<>(this);

        TaskFuture(Task<T> task) {
            this.task = task;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            task.cancel();
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();   // dependents are plain futures: their cancel stays theirs
        }
    }

    /** Completes a TaskFuture from the task's signals, as its one subscriber. */
    private record Completer<T>(TaskFuture<T> future) implements Subscriber<T> {
        @Override
        public void onSubscribe(Subscription s) {
            s.request(1);
        }

        @Override
        public void onNext(T value) {
            future.complete(value);
        }

        @Override
        public void onError(Throwable error) {
            if (error instanceof CancellationException) {
                future.cancel(false);   // cancelling the task again is a no-op
            } else {
                future.completeExceptionally(error);
            }
        }

        @Override
        public void onComplete() {
            future.complete(null);   // a null result (no onNext); a no-op after onNext
        }
    }
}
