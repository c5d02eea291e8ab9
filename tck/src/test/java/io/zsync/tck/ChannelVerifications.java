package io.zsync.tck;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** How the channel verifications make their channels and publishers. */
final class ChannelVerifications {
    /** Runs the TCK's asynchronous feeding of publishers. */
    static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

    /** How long a feeder of a very long publisher keeps feeding: longer than any one TCK test. */
    private static final long FEEDER_LIFETIME_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    /**
     * The TCK's multi-subscriber identity-processor checks assume a multicast processor (every subscriber sees every
     * element). A channel distributes work instead (each element goes to exactly one subscriber), by design; its
     * own tests check that (ChannelTest, ChannelStressTest). Declaring one subscriber makes the TCK skip, by its own
     * rule, only those multicast checks.
     */
    static final int MAX_SUPPORTED_SUBSCRIBERS = 1;

    private ChannelVerifications() {
    }

    static <E> Channel<E> channel(boolean bounded, int bufferSize) {
        return bounded ? Zsync.bounded(Math.max(1, bufferSize)) : Zsync.unbounded();
    }

    /** A closed channel holding {@code 0 .. elements-1}, or, when that is too many to buffer, fed by a task. */
    static Channel<Integer> publisher(boolean bounded, long elements) {
        if (elements <= 4096) {
            Channel<Integer> c = bounded ? Zsync.bounded((int) Math.max(1, elements)) : Zsync.unbounded();
            for (int i = 0; i < elements; i++) {
                c.send(i);
            }
            c.close();
            return c;
        }
        Channel<Integer> c = channel(bounded, 256);
        EXECUTOR.execute(() -> {
            long stopAt = System.nanoTime() + FEEDER_LIFETIME_NANOS;   // "infinite" publishers stop after the test
            try {
                for (long i = 0; i < elements && System.nanoTime() < stopAt; i++) {
                    while (c.size() >= 256 && System.nanoTime() < stopAt) {
                        Thread.sleep(1);   // pace an unbounded channel as a bounded one is paced by send
                    }
                    c.send((int) i);
                }
                c.close();
            } catch (RuntimeException | InterruptedException stopped) {
                // the channel was closed by auto-cancel when the test's subscriber cancelled: done
            }
        });
        return c;
    }

    static Channel<Integer> failed(boolean bounded) {
        Channel<Integer> c = channel(bounded, 16);
        c.close(new IllegalStateException("failed on purpose by the TCK's failed-publisher test"));
        return c;
    }
}
