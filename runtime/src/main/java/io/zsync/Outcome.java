package io.zsync;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a task came to, or {@link Pending} while it runs: the value of {@link Task#poll()} and {@link Task#join()}.
 * Designed for pattern matching:
 *
 * {@snippet :
 * switch (task.poll()) {
 *     case Outcome.Success<String> s -> System.out.println("got " + s.value());
 *     case Outcome.Failure<String> f -> f.cause().printStackTrace();
 *     case Outcome.Cancelled<String> c -> System.out.println("cancelled");
 *     case Outcome.Pending<String> p -> System.out.println("still running");
 * }
 * }
 *
 * @param <T> the task's result type
 * @since 0.1
 */
public sealed interface Outcome<T> {

    /**
     * Returns the state this outcome stands for.
     *
     * @return {@link TaskState#PENDING} for {@link Pending}, else the terminal state
     */
    TaskState state();

    /**
     * Returns the outcome of a task that has not finished.
     *
     * @param <T> the task's result type
     * @return the shared pending outcome
     */
    @SuppressWarnings("unchecked")
    static <T> Outcome<T> pending() {
        return (Outcome<T>) Pending.INSTANCE;
    }

    /**
     * The task has not finished.
     *
     * @param <T> the task's result type
     */
    record Pending<T>() implements Outcome<T> {
        private static final Pending<?> INSTANCE = new Pending<>();

        @Override
        public TaskState state() {
            return TaskState.PENDING;
        }
    }

    /**
     * The task returned {@code value}.
     *
     * @param value what the body returned; {@code null} for a {@code Runnable} body or a body that returned null
     * @param <T> the task's result type
     */
    record Success<T>(@Nullable T value) implements Outcome<T> {
        @Override
        public TaskState state() {
            return TaskState.SUCCEEDED;
        }
    }

    /**
     * The task threw {@code cause}.
     *
     * @param cause what the body threw, exactly as thrown
     * @param <T> the task's result type
     */
    record Failure<T>(Throwable cause) implements Outcome<T> {
        /**
         * Creates a failure.
         *
         * @param cause what the body threw
         * @throws NullPointerException if {@code cause} is null
         */
        public Failure {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public TaskState state() {
            return TaskState.FAILED;
        }
    }

    /**
     * The task was cancelled.
     *
     * @param cause after {@link Task#cancel()}: an exception the body threw while it unwound, other than the usual
     *     interruption signals ({@link InterruptedException}, {@link TaskCancelledException}), or {@code null};
     *     without a cancel: the {@link java.util.concurrent.CancellationException} the body ended with
     * @param <T> the task's result type
     */
    record Cancelled<T>(@Nullable Throwable cause) implements Outcome<T> {
        @Override
        public TaskState state() {
            return TaskState.CANCELLED;
        }
    }
}
