package io.zsync.testkit;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/** The model-checking options most Lincheck tests here share; {@code -Dzsync.lincheck.iterations} overrides. */
public final class Lincheck {
    private Lincheck() {
    }

    /**
     * Model checking for {@code iterations} scenarios (unless {@code zsync.lincheck.iterations} says otherwise) of
     * 1,000 invocations each: {@code threads} threads of {@code actorsPerThread} operations, between 2 operations
     * before and 1 after, checked against {@code model}.
     */
    public static ModelCheckingOptions modelChecking(int iterations, int threads, int actorsPerThread,
                                                     Class<?> model) {
        return new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", iterations))
                .invocationsPerIteration(1_000)
                .threads(threads)
                .actorsPerThread(actorsPerThread)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(model);
    }
}
