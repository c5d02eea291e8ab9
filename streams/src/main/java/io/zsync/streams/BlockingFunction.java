package io.zsync.streams;

/**
 * A function that may block (I/O, {@link io.zsync.Zsync#sleep(java.time.Duration)}, {@link io.zsync.Task#await()})
 * and throw checked exceptions: {@link Pipeline#mapConcurrent(int, BlockingFunction)} and
 * {@link Pipeline#mapConcurrentUnordered(int, BlockingFunction)} run each call as a task.
 *
 * @param <T> the argument type
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface BlockingFunction<T, R> {

    /**
     * Computes the result for {@code value}.
     *
     * @param value the argument
     * @return the result; {@code null} to emit nothing for this argument
     * @throws Exception to fail the stream with it
     */
    R apply(T value) throws Exception;
}
