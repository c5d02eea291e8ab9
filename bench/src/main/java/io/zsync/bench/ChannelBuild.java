package io.zsync.bench;

import io.zsync.Config;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One zsync build's side of {@link SpawnAwaitAB}'s channel workloads, loaded in a class loader of its own per build
 * (public API only): {@code spsc} moves {@value #SPSC} elements through a {@code bounded(256)} channel from one
 * virtual thread to another, as {@code SpscChannelBenchmark} does; {@code pingpong} makes {@value #ROUND_TRIPS}
 * round trips through two {@code bounded(1)} channels, as {@code PingPongBenchmark.zsync} does; {@code unbounded}
 * is {@code spsc} through an {@code unbounded()} channel; {@code create} makes {@value #CREATED} {@code bounded(16)}
 * channels in a task of a runtime (so that a build which registers channels with their runtime pays for it), sending
 * and receiving one element through each. Each call is one batch; it returns the sum the consumer saw, which a wrong
 * hand-off would change.
 */
public final class ChannelBuild implements LongSupplier, AutoCloseable {
    static final int SPSC = 100_000;
    static final int ROUND_TRIPS = 10_000;
    static final int CREATED = 20_000;

    private final String workload = System.getProperty("zsync.ab.workload", "spsc");
    private final @Nullable ZsyncRuntime runtime =                         // create's tasks run on it; only there
            workload.equals("create") ? ZsyncRuntime.create(Config.optimal()) : null;

    /** Picks the workload from {@code -Dzsync.ab.workload} ({@code spsc}, {@code pingpong}, {@code unbounded} or
     *  {@code create}). */
    public ChannelBuild() {
    }

    @Override
    public long getAsLong() {
        try {
            return switch (workload) {
                case "pingpong" -> pingPong();
                case "unbounded" -> spsc(Zsync.unbounded());
                case "create" -> Objects.requireNonNull(runtime).spawn(ChannelBuild::create).await();
                default -> spsc(Zsync.bounded(256));
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long create() {
        long sum = 0;
        for (int i = 0; i < CREATED; i++) {
            Channel<Integer> c = Zsync.bounded(16);
            c.send(Handoff.ELEMENTS[i % Handoff.ELEMENTS.length]);
            sum += c.recv();
        }
        return sum;
    }

    private static long spsc(Channel<Integer> c) throws InterruptedException {
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
        if (runtime != null) {
            runtime.close();
        }
    }
}
