package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Task;
import io.zsync.Zsync;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * zsync's own Publishers subscribe zsync's own Subscribers with a plain call: this class compiling is half the test
 * (before, each call below failed with "reference to subscribe is ambiguous", a channel being a Subscriber of both
 * interface families); the other half checks that the elements arrive and the end follows.
 */
@Timeout(30)
class WiringTest {

    @Test
    void aChannelFeedsAnotherChannel() throws Exception {
        Channel<Integer> source = Zsync.bounded(4);
        Channel<Integer> sink = Zsync.bounded(2);
        source.subscribe(sink);
        Thread producer = Thread.ofVirtual().start(() -> {
            try (source) {
                for (int i = 0; i < 100; i++) {
                    source.send(i);
                }
            }
        });
        List<Integer> got = new ArrayList<>();
        for (int v : sink) {
            got.add(v);
        }
        producer.join(10_000);
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void aTaskFeedsAChannelAndItsEndClosesIt() throws Exception {
        Zsync.run(() -> {
            Task<String> task = Zsync.spawn(() -> "result");
            Channel<String> sink = Zsync.rendezvous();
            task.subscribe(sink);
            assertEquals("result", sink.recv());
            assertTrue(sink.recvCatching().isClosed(), "the task's completion closed the channel");
        });
    }

    @Test
    void aRendezvousChannelFeedsABoundedOne() throws Exception {
        Channel<Integer> source = Zsync.rendezvous();
        Channel<Integer> sink = Zsync.bounded(8);
        source.subscribe(sink);
        Thread producer = Thread.ofVirtual().start(() -> {
            try (source) {
                for (int i = 0; i < 50; i++) {
                    source.send(i);   // returns once the subscribed channel took it
                }
            }
        });
        int count = 0;
        for (int v : sink) {
            assertEquals(count++, v);
        }
        producer.join(10_000);
        assertEquals(50, count);
    }
}
