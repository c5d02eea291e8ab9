package io.zsync.http;

/**
 * Wraps a handler: logging, authentication, headers added to every response. Filters apply in the order they were
 * added to the builder, the first outermost.
 *
 * <pre>{@code
 * Filter timing = next -> request -> {
 *     long start = System.nanoTime();
 *     Response response = next.handle(request);
 *     return response.header("Server-Timing", "app;dur=" + (System.nanoTime() - start) / 1_000_000);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Filter {
    /**
     * Returns a handler that does this filter's work around {@code next}.
     *
     * @param next the handler (or the next filter) to call
     * @return the wrapping handler
     */
    Handler wrap(Handler next);
}
