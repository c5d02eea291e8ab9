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

    /** The kinds of channel verified. */
    enum Kind {
        BOUNDED, UNBOUNDED, RENDEZVOUS
    }

    static <E> Channel<E> channel(Kind kind, int bufferSize) {
        return switch (kind) {
            case BOUNDED -> Zsync.bounded(Math.max(1, bufferSize));
            case UNBOUNDED -> Zsync.unbounded();
            case RENDEZVOUS -> Zsync.rendezvous();
        };
    }

    /**
     * A closed channel holding {@code 0 .. elements-1}, or, when that is too many to buffer (or a rendezvous channel
     * holds none), fed by a task.
     */
    static Channel<Integer> publisher(Kind kind, long elements) {
        if (elements <= 4096 && kind != Kind.RENDEZVOUS || elements == 0) {
            Channel<Integer> c = kind == Kind.BOUNDED ? Zsync.bounded((int) Math.max(1, elements))
                    : kind == Kind.UNBOUNDED ? Zsync.unbounded() : Zsync.rendezvous();
            for (int i = 0; i < elements; i++) {
                c.send(i);
            }
            c.close();
            return c;
        }
        Channel<Integer> c = channel(kind, 256);
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

    static Channel<Integer> failed(Kind kind) {
        Channel<Integer> c = channel(kind, 16);
        c.close(new IllegalStateException("failed on purpose by the TCK's failed-publisher test"));
        return c;
    }

    /**
     * A rendezvous channel asks its upstream for an element only while a receiver waits (its demand follows its
     * receivers), so the TCK's subscriber verifications, which wait for a request, give it one: a receiver.
     */
    static void receiveOnce(Channel<Integer> channel) {
        EXECUTOR.execute(() -> {
            try {
                channel.recvCatching(java.time.Duration.ofSeconds(30));
            } catch (RuntimeException stopped) {
                // the test ended and closed or abandoned the channel: done
            }
        });
    }
}
