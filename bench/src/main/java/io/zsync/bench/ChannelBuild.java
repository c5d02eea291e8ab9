package io.zsync.bench;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.function.LongSupplier;

/**
 * One zsync build's side of {@link SpawnAwaitAB}'s channel workloads, loaded in a class loader of its own per build
 * (public API only): {@code spsc} moves {@value #SPSC} elements through a {@code bounded(256)} channel from one
 * virtual thread to another, as {@code SpscChannelBenchmark} does; {@code pingpong} makes {@value #ROUND_TRIPS}
 * round trips through two {@code bounded(1)} channels, as {@code PingPongBenchmark.zsync} does. Each call is one
 * batch; it returns the sum the consumer saw, which a wrong hand-off would change.
 */
public final class ChannelBuild implements LongSupplier, AutoCloseable {
    static final int SPSC = 100_000;
    static final int ROUND_TRIPS = 10_000;

    private final boolean pingPong = "pingpong".equals(System.getProperty("zsync.ab.workload"));

    /** Picks the workload from {@code -Dzsync.ab.workload} ({@code spsc} or {@code pingpong}). */
    public ChannelBuild() {
    }

    @Override
    public long getAsLong() {
        try {
            return pingPong ? pingPong() : spsc();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long spsc() throws InterruptedException {
        Channel<Integer> c = Zsync.bounded(256);
        Thread producer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < SPSC; i++) {
                c.send(Handoff.ELEMENTS[i % Handoff.ELEMENTS.length]);
            }
            c.close();
        });
        long[] sum = new long[1];
        Thread consumer = Thread.ofVirtual().start(() -> {
            for (int v : c) {
                sum[0] += v;
            }
        });
        producer.join();
        consumer.join();
        return sum[0];
    }

    private static long pingPong() throws InterruptedException {
        Channel<Integer> ping = Zsync.bounded(1);
        Channel<Integer> pong = Zsync.bounded(1);
        Thread echo = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.send(Handoff.ELEMENTS[ping.recv() + 1]);
            }
        });
        long[] sum = new long[1];
        Thread serve = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.send(Handoff.ELEMENTS[i]);
                sum[0] += pong.recv();
            }
        });
        serve.join();
        echo.join();
        return sum[0];
    }

    @Override
    public void close() {
    }
}
