package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pipeline.subscribe(channel)}: a plain call, no cast (a channel is a Subscriber of both families, so without
 * the {@code Channel} overload this file would not compile: "reference to subscribe is ambiguous").
 */
@Timeout(30)
class SubscribeChannelTest {
    private static final int N = 1_000;

    @Test
    void everyElementArrivesInTheChannelAndTheEndClosesIt() {
        Channel<Integer> channel = Zsync.bounded(16);
        Streams.fromIterable(IntStream.range(0, N).boxed().toList()).map(i -> i * 2).subscribe(channel);
        int count = 0;
        long sum = 0;
        for (Integer i : channel) {   // receives until the channel is closed and drained
            count++;
            sum += i;
        }
        assertEquals(N, count, "every element arrived, once");
        assertEquals((long) N * (N - 1), sum, "each one as mapped");
        assertTrue(channel.isClosed(), "the end of the stream closed the channel");
        assertThrows(ChannelClosedException.class, channel::recv);
    }

    @Test
    void theChannelAsksOnlyForWhatItHasRoomFor() {
        int capacity = 8;
        Channel<Integer> channel = Zsync.bounded(capacity);
        AtomicInteger emitted = new AtomicInteger();
        Streams.<Integer>produce(emitter -> {
            for (int i = 0; i < N; i++) {
                emitter.emit(i);   // waits for the channel's demand
                emitted.incrementAndGet();
            }
        }).map(i -> i + 1).subscribe(channel);
        int received = 0;
        for (Integer i : channel) {
            received++;
            assertEquals(received, i);
            int ahead = emitted.get() - received;
            assertTrue(ahead <= capacity, ahead + " elements emitted beyond those received");
        }
        assertEquals(N, received);
    }

    @Test
    void anUpstreamErrorClosesTheChannelWithItAsTheCause() {
        Channel<Integer> channel = Zsync.bounded(4);
        IllegalStateException boom = new IllegalStateException("boom");
        Streams.concat(List.of(Streams.fromIterable(List.of(1, 2)), Streams.<Integer>fromCallable(() -> {
            throw boom;
        }))).subscribe(channel);
        assertEquals(1, channel.recv());
        assertEquals(2, channel.recv());
        assertSame(boom, assertThrows(ChannelClosedException.class, channel::recv).getCause());
    }

    @Test
    void aNullChannelIsRejected() {
        Pipeline<Integer> p = Streams.fromIterable(List.of(1));
        NullPointerException e = assertThrows(NullPointerException.class, () -> p.subscribe((Channel<Integer>) null));
        assertEquals("channel must not be null (§1.9)", e.getMessage());
    }
}
