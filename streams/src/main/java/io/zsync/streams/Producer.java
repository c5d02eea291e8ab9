package io.zsync.streams;

/**
 * Code that produces a stream's elements by calling {@link Emitter#emit(Object)}, run as a task by
 * {@link Streams#produce(Producer)} once per subscriber: returning completes the stream, throwing fails it.
 *
 * {@snippet :
 * Pipeline<String> lines = Streams.produce(emitter -> {
 *     try (BufferedReader reader = Files.newBufferedReader(path)) {
 *         for (String line; (line = reader.readLine()) != null; ) {
 *             emitter.emit(line);          // waits while the subscriber has no demand
 *         }
 *     }
 * });
 * }
 *
 * @param <T> the element type
 * @since 0.1
 */
@FunctionalInterface
public interface Producer<T> {

    /**
     * Produces the elements.
     *
     * @param emitter where the elements go
     * @throws Exception to fail the stream with it
     */
    void produce(Emitter<T> emitter) throws Exception;
}
