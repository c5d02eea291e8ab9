package io.zsync.tck;

import io.zsync.streams.Pipeline;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * How the verifications of one streams operator make their publishers, shared by both interface families.
 *
 * @param create a pipeline of exactly {@code elements} elements, then the end
 * @param failed a pipeline that fails without a request, or null when the operator cannot fail by itself (the TCK
 *     then skips its failed-publisher tests, by its own rule)
 * @param maxElements the most elements the operator can emit
 */
record StreamsCase<T>(LongFunction<Pipeline<T>> create, Supplier<Pipeline<T>> failed, long maxElements) {

    StreamsCase(LongFunction<Pipeline<T>> create, Supplier<Pipeline<T>> failed) {
        this(create, failed, Long.MAX_VALUE - 1);
    }

    Pipeline<T> failedOrNull() {
        return failed == null ? null : failed.get();
    }
}
