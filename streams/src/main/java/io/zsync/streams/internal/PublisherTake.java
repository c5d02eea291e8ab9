package io.zsync.streams.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/** {@code take(n)}: the first {@code n} elements, then cancel upstream and complete; never asks for more than n. */
public final class PublisherTake<T> implements Publisher<T> {
    private final Publisher<? extends T> source;
    private final long limit;
    private final Launcher launcher;

    public PublisherTake(Publisher<? extends T> source, long limit, Launcher launcher) {
        this.launcher = launcher;
        this.source = source;
        this.limit = limit;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(new TakeSubscriber<>(subscriber, limit, launcher));
    }

    private static final class TakeSubscriber<T> extends Relay<T, T> {
        private final long limit;
        private final AtomicLong granted = new AtomicLong();   // asked of upstream so far, never above `limit`
        private long remaining;                                // upstream's thread only

        TakeSubscriber(Subscriber<? super T> subscriber, long limit, Launcher launcher) {
            super(subscriber, "take", launcher);
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        protected void afterSubscribe() {
            if (limit == 0) {
                completeEarly();   // take(0): cancel upstream, complete
            }
        }

        @Override
        protected long toUpstream(long n) {
            for (;;) {
                long g = granted.get();
                long grant = Math.min(n, limit - g);
                if (grant <= 0 || granted.compareAndSet(g, g + grant)) {
                    return Math.max(0, grant);
                }
            }
        }

        @Override
        protected void handle(T item) {
            long left = --remaining;
            downstream.next(item);
            if (left == 0) {
                completeEarly();
            }
        }
    }
}
