package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * §2.7: the iterator calls request and cancel serially, although its first request comes from onSubscribe (the
 * publisher's thread) and later ones from the consuming thread. The publisher here signals onSubscribe on a thread of
 * its own and, inside the first request, emits what was asked, then stays inside request until a second call arrives
 * (or 300 ms pass): the consumer's replenishing request then either overlaps it (counted) or waits its turn.
 */
@Timeout(30)
class IteratorSignalsSeriallyTest {
    private static final int ELEMENTS = 100;

    @Test
    void requestAndCancelNeverOverlap() {
        LingeringPublisher source = new LingeringPublisher();
        long sum = 0;
        int seen = 0;
        try (AsyncIterator<Integer> it = Streams.from(source).iterator(8)) {
            while (it.hasNext()) {
                sum += it.next();
                if (++seen == ELEMENTS / 2) {
                    break;   // close() cancels: one more call that must not overlap a request
                }
            }
        }
        assertEquals(0, source.overlaps.get(), "calls on the subscription overlapped");
        assertEquals((long) (ELEMENTS / 2 - 1) * (ELEMENTS / 2) / 2, sum);
    }

    private static final class LingeringPublisher implements Publisher<Integer> {
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        public void subscribe(Subscriber<? super Integer> s) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            int[] next = new int[1];
            boolean[] cancelled = new boolean[1];
            Subscription subscription = new Subscription() {
                @Override
                public void request(long n) {
                    int call = enter();
                    try {
                        for (long i = 0; i < n && !cancelled[0] && next[0] < ELEMENTS; i++) {
                            s.onNext(next[0]++);
                        }
                        if (call == 1) {   // linger: the consumer replenishes meanwhile, overlapping or not
                            long until = System.nanoTime() + 300_000_000L;
                            while (calls.get() < 2 && System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                    } finally {
                        inside.decrementAndGet();
                    }
                }

                @Override
                public void cancel() {
                    enter();
                    cancelled[0] = true;
                    inside.decrementAndGet();
                }

                private int enter() {
                    if (inside.getAndIncrement() != 0) {
                        overlaps.incrementAndGet();
                    }
                    return calls.incrementAndGet();
                }
            };
            Thread.ofVirtual().start(() -> s.onSubscribe(subscription));
        }
    }
}
