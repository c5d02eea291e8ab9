package io.zsync;

/**
 * Code that returns nothing and may throw: what {@link Zsync#spawn(CheckedRunnable)},
 * {@link Zsync#run(CheckedRunnable)}, {@link io.zsync.sync.Mutex#withLock(CheckedRunnable)} and the like take when
 * there is no result, so that a body calling methods that throw checked exceptions compiles without a try/catch or a
 * {@code return null}. It is to {@link Runnable} what {@link java.util.concurrent.Callable} is to
 * {@link java.util.function.Supplier}.
 *
 * <p>Beside an overload that takes a {@code Callable}, Java picks this one for a lambda or method reference that
 * returns nothing, and the {@code Callable} one for one that returns a value. A {@code Runnable} you hold already is
 * passed as {@code runnable::run}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CheckedRunnable {
    /**
     * Runs the code.
     *
     * @throws Exception whatever the code throws
     */
    void run() throws Exception;
}
