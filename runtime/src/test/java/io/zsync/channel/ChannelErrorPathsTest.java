package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.Zsync;
import io.zsync.testkit.Waits;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Failures on a channel's edges reach the uncaught handler of the runtime that built the channel, and nothing is lost
 * or left subscribed: an upstream failing after the channel closed, an element handed to a subscriber that throws,
 * and the last subscriber breaking §3.9. Each case failed on the code before this test (the failure vanished, the
 * element was lost, the upstream stayed subscribed).
 */
@Timeout(30)
class ChannelErrorPathsTest {

    /** Runs {@code body} on a runtime whose handler records into {@code into}. */
    private static void withHandler(List<Throwable> into, io.zsync.CheckedRunnable body) throws Exception {
        Zsync.run(Config.optimal().toBuilder().uncaughtHandler((t, e) -> into.add(e)).build(), body);
    }

    @Test
    void anUpstreamFailingAfterTheChannelClosedIsReported() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        IllegalStateException late = new IllegalStateException("the upstream failed after the close");
        withHandler(reported, () -> {
            Channel<Integer> c = Zsync.bounded(4);
            AtomicReference<Subscriber<? super Integer>> subscriber = new AtomicReference<>();
            Flux.<Integer>from(s -> {
                subscriber.set(s);
                s.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
            }).subscribe(c);
            c.close();                              // the channel ends first, and cancels its upstream
            subscriber.get().onError(late);         // which fails anyway: nobody could see it but the handler
        });
        assertEquals(1, reported.size(), "reported: " + reported);
        assertEquals(late, reported.get(0).getCause());
        assertTrue(reported.get(0).getMessage().contains("after the channel had closed"),
                reported.get(0).getMessage());
    }

    @Test
    void aSecondCloseWithACauseSaysItDidNothing() {
        Channel<Integer> c = Zsync.bounded(1);
        assertTrue(c.close(new IllegalStateException("first")));
        assertFalse(c.close(new IllegalStateException("second")), "the caller learns its cause reached nobody");
        assertEquals("first", c.recvCatching() instanceof ChannelResult.Closed<Integer>(Throwable cause)
                ? cause.getMessage() : "not closed");
    }

    @Test
    void anElementHandedToASubscriberThatThrowsIsReportedWithIt() throws Exception {
        for (boolean rendezvous : new boolean[] {false, true}) {
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            withHandler(reported, () -> {
                Channel<String> c = rendezvous ? Zsync.rendezvous() : Zsync.bounded(4);
                c.subscribe(new Subscriber<String>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        s.request(10);
                    }

                    @Override
                    public void onNext(String element) {
                        throw new IllegalStateException("subscriber broke on " + element);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                });
                c.send("precious");   // (rendezvous: handed to the waiting subscriber)
                Waits.until(() -> !reported.isEmpty(), "the report");
            });
            UndeliveredElementException e = assertInstanceOf(UndeliveredElementException.class, reported.get(0));
            assertEquals("precious", e.element(), "the element is in the report, not lost");
            assertTrue(e.getCause().getMessage().contains("subscriber broke"), e.getCause().getMessage());
        }
    }

    @Test
    void aBadRequestByTheLastSubscriberCancelsTheUpstream() throws Exception {
        Channel<Integer> c = Zsync.bounded(8);
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
        sink.asFlux().doOnCancel(() -> upstreamCancelled.set(true)).subscribe(c);
        AtomicReference<Throwable> error = new AtomicReference<>();
        c.subscribe(new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(0);   // §3.9
            }

            @Override
            public void onNext(Integer v) {
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
            }

            @Override
            public void onComplete() {
            }
        });
        Waits.until(() -> error.get() != null, "the §3.9 error");
        assertInstanceOf(IllegalArgumentException.class, error.get());
        Waits.until(upstreamCancelled::get, "the upstream to be cancelled, as cancel() would have done");
        assertTrue(c.isClosed(), "the channel closed with it (auto-cancel)");
    }
}
