package io.zsync.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * What the channel benchmarks share: the elements they move, the threads that move them, the wait strategy of the
 * contenders that only poll, and the checksum check.
 *
 * <p><b>Elements.</b> {@link #ELEMENTS} holds distinct {@link Integer}s boxed once, so that moving an element
 * allocates nothing for any contender (except the queues that allocate a node per element, which is what they cost).
 *
 * <p><b>Wait strategy ({@link #idle(int)}).</b> For queues that only offer and poll (JCTools,
 * {@code ConcurrentLinkedQueue}), a thread that finds its queue full (producer) or empty (consumer) calls
 * {@code idle(attempt)} with the number of failed attempts so far, and starts again from 0 after each success:
 * {@value #SPINS} × {@link Thread#onSpinWait()}, then {@value #YIELDS} × {@link Thread#yield()}, then
 * {@link LockSupport#parkNanos(long) parkNanos(1 µs)} per attempt (on a virtual thread, a timed park unmounts it;
 * on a platform thread, the OS rounds 1 µs up to its timer slack, about 50 µs on Linux).
 */
final class Handoff {
    /** Elements per invocation in the throughput benchmarks. */
    static final int BATCH = 100_000;

    /** {@code ELEMENTS[i]} is {@code i}, boxed once; one more than {@link #BATCH} for the ping-pong's replies. */
    static final Integer[] ELEMENTS = boxed(BATCH + 1);

    /** Busy spins before yielding. */
    static final int SPINS = 64;

    /** Yields before parking. */
    static final int YIELDS = 8;

    /** How long one park of {@link #idle(int)} lasts, in nanoseconds. */
    static final long PARK_NANOS = 1_000;

    private Handoff() {
    }

    private static Integer[] boxed(int n) {
        Integer[] values = new Integer[n];
        for (int i = 0; i < n; i++) {
            values[i] = Integer.valueOf(i);   // distinct objects above the Integer cache; created once
        }
        return values;
    }

    /**
     * The sum of {@code ELEMENTS[from..to)}, which a consumer of those elements must return.
     *
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return {@code from + (from + 1) + ... + (to - 1)}
     */
    static long sum(long from, long to) {
        return (from + to - 1) * (to - from) / 2;
    }

    /**
     * Waits a little, more the more attempts have failed: see the class comment.
     *
     * @param attempt failed attempts so far, from 0
     * @return {@code attempt + 1}, to pass next time
     */
    static int idle(int attempt) {
        if (attempt < SPINS) {
            Thread.onSpinWait();
        } else if (attempt < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(PARK_NANOS);
            if (Thread.currentThread().isInterrupted()) {   // another thread of the invocation failed: give up
                throw new IllegalStateException("interrupted while waiting on a queue");
            }
        }
        return attempt + 1;
    }

    /**
     * The thread builder for a {@code threads} parameter.
     *
     * @param threads {@code "virtual"} or {@code "platform"}
     * @return a builder of that kind of thread
     */
    static Thread.Builder threads(String threads) {
        return switch (threads) {
            case "virtual" -> Thread.ofVirtual().name("bench-virtual-", 0);
            case "platform" -> Thread.ofPlatform().name("bench-platform-", 0).daemon(true);
            default -> throw new IllegalArgumentException("threads must be virtual or platform, not " + threads);
        };
    }

    /**
     * Checks a checksum, so that a contender that loses or duplicates an element fails the run instead of scoring.
     *
     * @param contender the benchmark method, for the message
     * @param actual what the consumer returned
     * @param expected what it must return
     * @return {@code actual}
     * @throws IllegalStateException if they differ
     */
    static long check(String contender, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(contender + ": checksum " + actual + ", expected " + expected);
        }
        return actual;
    }

    /** A producer: the body of producer thread {@code index}. */
    @FunctionalInterface
    interface Producer {
        /**
         * Sends this producer's share.
         *
         * @param index which producer, from 0
         * @throws Exception if interrupted, or if the contender fails
         */
        void produce(int index) throws Exception;
    }

    /** A consumer: receives every element and returns their checksum. */
    @FunctionalInterface
    interface Consumer {
        /**
         * Receives the batch.
         *
         * @return the checksum of what was received
         * @throws Exception if interrupted, or if the contender fails
         */
        long consume() throws Exception;
    }

    /**
     * Starts {@code producers} producer threads and one consumer thread from {@code builder}, waits for all of them
     * and returns what the consumer returned. A failure in any thread fails the invocation: the others are
     * interrupted, so that none waits forever for an element or for room that will not come.
     *
     * @param builder the kind of thread
     * @param producers how many producer threads
     * @param producer the producers' body
     * @param consumer the consumer's body
     * @return the consumer's checksum
     * @throws InterruptedException if the benchmark thread is interrupted while joining
     */
    static long run(Thread.Builder builder, int producers, Producer producer, Consumer consumer)
            throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] result = new long[1];
        Thread[] threads = new Thread[producers + 1];
        threads[0] = builder.unstarted(() -> {
            try {
                result[0] = consumer.consume();
            } catch (Throwable t) {
                fail(failure, t, threads);
            }
        });
        for (int p = 0; p < producers; p++) {
            int index = p;
            threads[p + 1] = builder.unstarted(() -> {
                try {
                    producer.produce(index);
                } catch (Throwable t) {
                    fail(failure, t, threads);
                }
            });
        }
        for (Thread t : threads) {
            t.start();   // Thread.start happens-after the array is filled: every thread sees all of it
        }
        for (Thread t : threads) {
            t.join();   // happens-before: the consumer's write to result[0] is visible after join
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a producer or the consumer failed", t);
        }
        return result[0];
    }

    private static void fail(AtomicReference<Throwable> failure, Throwable t, Thread[] threads) {
        if (failure.compareAndSet(null, t)) {
            for (Thread other : threads) {
                if (other != Thread.currentThread()) {
                    other.interrupt();
                }
            }
        }
    }
}
