package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ZsyncRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** §2.13: a subscriber that throws from onNext is treated as having cancelled; the throw never reaches the source. */
@Timeout(30)
class ThrowingSubscriberTest {
    @Test
    void zipReportsAThrowingSubscriberInsteadOfThrowingIntoItsSources() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        List<Throwable> onThisThread = new CopyOnWriteArrayList<>();
        Thread me = Thread.currentThread();
        Thread.UncaughtExceptionHandler before = me.getUncaughtExceptionHandler();
        me.setUncaughtExceptionHandler((t, e) -> onThisThread.add(e));
        try (ZsyncRuntime builder = ZsyncRuntime.create(Config.builder().uncaughtHandler((t, e) -> reported.add(e))
                .build())) {
            // assembled in `builder`: its handler, not this thread's, receives what cannot be delivered
            Pipeline<List<Integer>> zipped = builder.spawn(() -> Streams.zip(List.of(Streams.from(just(1)),
                    Streams.from(just(2))))).await();
            assertDoesNotThrow(() -> zipped.subscribe(new Subscriber<List<Integer>>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(1);
                }

                @Override
                public void onNext(List<Integer> item) {
                    throw new IllegalStateException("a broken subscriber");
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            }));
        } finally {
            me.setUncaughtExceptionHandler(before);
        }
        assertEquals(1, reported.size(), "reported: " + reported);
        assertEquals(List.of(), onThisThread, "the subscribing thread's handler is not the pipeline's");
        assertTrue(reported.get(0).getMessage().contains("§2.13"), reported.get(0).getMessage());
    }

    /** A plain foreign source of one value that, like most, does not guard its own onNext call. */
    private static Publisher<Integer> just(int value) {
        return s -> s.onSubscribe(new Subscription() {
            private boolean done;

            @Override
            public void request(long n) {
                if (!done) {
                    done = true;
                    s.onNext(value);
                    s.onComplete();
                }
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
    }
}
