package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** A bounded channel fed by a fast Flux and drained slowly never holds more than its capacity. */
@Timeout(120)
class ChannelBackpressureTest {

    @Test
    void highWaterMarkNeverExceedsCapacity() {
        int capacity = 16;
        int elements = 1_000_000;
        Channel<Integer> c = Zsync.bounded(capacity);
        AtomicLong requested = new AtomicLong();
        AtomicLong emitted = new AtomicLong();
        AtomicLong maxOutstanding = new AtomicLong();
        AtomicInteger maxBuffered = new AtomicInteger();
        AtomicInteger requestCalls = new AtomicInteger();
        Flux.range(0, elements)
                .doOnRequest(n -> {
                    requestCalls.incrementAndGet();
                    long outstanding = requested.addAndGet(n) - emitted.get();
                    maxOutstanding.accumulateAndGet(outstanding, Math::max);
                })
                .doOnNext(x -> {
                    emitted.incrementAndGet();
                    maxBuffered.accumulateAndGet(c.size() + 1, Math::max);   // with this one added
                })
                .subscribeOn(Schedulers.single())
                .subscribe(c);
        long sum = 0;
        int n = 0;
        for (int x : c) {
            sum += x;
            if (++n % 1000 == 0) {
                Zsync.sleep(1);   // a deliberately slow consumer
            }
        }
        assertEquals(elements, n);
        assertEquals((long) elements * (elements - 1) / 2, sum);
        assertTrue(maxOutstanding.get() <= capacity, "outstanding demand reached " + maxOutstanding.get());
        assertTrue(maxBuffered.get() <= capacity, "buffered reached " + maxBuffered.get());
        assertTrue(requestCalls.get() < elements / 2, "demand is signalled in batches: " + requestCalls.get());
    }
}
