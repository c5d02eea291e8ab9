package io.zsync.internal.flow;

import java.util.concurrent.CancellationException;

/**
 * The one path for failures that can no longer be delivered, shared by the runtime and streams (a qualified export).
 *
 * <h2>The rule</h2>
 * A failure that nobody can receive any more — an error after a terminal signal or a cancel, a subscriber that throws
 * (§2.13), an upstream failing after its channel closed, a task that lost a race and then failed, a failed task
 * nobody observed — goes to the uncaught handler of the runtime that built the object it happened in: the channel,
 * task or pipeline, whose handler is captured when it is built (a pipeline: when it is assembled; outside any
 * runtime, the default handler below). Never to the thread that happens to be running when it surfaces, never to
 * nowhere. The one exception is the echo of our own cancellation ({@link #isCancellationEcho}): an interrupt's or a
 * cancel's exception arriving after zsync cancelled its source is expected, and is dropped.
 *
 * <p>Maintenance: the tests that hold the rule are named in the closing notes of the change that added this class;
 * run the runtime's and streams' suites after a change.
 */
public final class Undeliverable {
    /**
     * The default uncaught handler: the JVM's default uncaught handler if one is set, else a {@link System.Logger}
     * named {@code io.zsync} at ERROR.
     */
    public static final Thread.UncaughtExceptionHandler DEFAULT_HANDLER = new DefaultHandler();

    private Undeliverable() {
    }

    /** Created on first use: starting a logging backend costs tens of milliseconds of every program's startup. */
    private static final class LoggerHolder {
        static final System.Logger LOGGER = System.getLogger("io.zsync");
    }

    /** A class rather than a method reference: a lambda's bootstrap would cost every program's startup. */
    private static final class DefaultHandler implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread thread, Throwable failure) {
            Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
            if (h != null) {
                h.uncaughtException(thread, failure);
            } else {
                LoggerHolder.LOGGER.log(System.Logger.Level.ERROR,
                        "zsync: uncaught failure (thread " + thread.getName() + ")", failure);
            }
        }

        @Override
        public String toString() {
            return "the default uncaught handler, else System.Logger 'io.zsync'";
        }
    }

    /** Hands {@code failure} to {@code handler}; a handler that throws is logged, never propagated. */
    public static void report(Thread.UncaughtExceptionHandler handler, Throwable failure) {
        try {
            handler.uncaughtException(Thread.currentThread(), failure);
        } catch (Throwable broken) {
            broken.addSuppressed(failure);
            LoggerHolder.LOGGER.log(System.Logger.Level.ERROR,
                    "zsync: the uncaught handler threw while reporting a failure", broken);
        }
    }

    /**
     * Whether {@code failure} is the echo of a cancellation (the exception an interrupt or a cancel ends code with:
     * {@link InterruptedException}, {@link CancellationException} and so {@code TaskCancelledException},
     * {@link java.nio.channels.ClosedByInterruptException}) rather than news. Such a failure arriving after zsync
     * cancelled its source is not reported; anything else is.
     */
    public static boolean isCancellationEcho(Throwable failure) {
        return failure instanceof InterruptedException || failure instanceof CancellationException
                || failure instanceof java.nio.channels.ClosedByInterruptException;
    }

    /** Rethrows {@code error} if it is fatal ({@link VirtualMachineError}), so that nothing swallows one. */
    public static void throwIfFatal(Throwable error) {
        if (error instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }
}
