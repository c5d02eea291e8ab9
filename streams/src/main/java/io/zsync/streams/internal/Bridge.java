package io.zsync.streams.internal;

import java.util.Objects;
import java.util.concurrent.Flow;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Crossings between the two interface families. The operators are written once, against
 * {@code org.reactivestreams}; a {@link Flow} subscriber is seen through {@link #toSubscriber(Flow.Subscriber)}, and
 * since every subscription the operators create is a {@link BothSubscription}, it receives that very object.
 */
public final class Bridge {
    private Bridge() {
    }

    /** The publisher itself when it serves both families (tasks, channels, pipelines), else an adapter. */
    @SuppressWarnings("unchecked")
    public static <T> Publisher<T> toPublisher(Flow.Publisher<? extends T> publisher) {
        Objects.requireNonNull(publisher, "publisher must not be null");
        if (publisher instanceof Publisher<?> both) {
            return (Publisher<T>) both;
        }
        return FlowAdapters.toPublisher((Flow.Publisher<T>) publisher);
    }

    /** A Reactive Streams view of a {@link Flow} subscriber (§1.9: null is rejected here). */
    public static <T> Subscriber<T> toSubscriber(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        return new FlowSubscriber<>(subscriber);
    }

    private static final class FlowSubscriber<T> implements Subscriber<T> {
        private final Flow.Subscriber<? super T> flow;

        FlowSubscriber(Flow.Subscriber<? super T> flow) {
            this.flow = flow;
        }

        @Override
        public void onSubscribe(Subscription s) {
            flow.onSubscribe(s instanceof Flow.Subscription both ? both : new FlowSubscription(s));
        }

        @Override
        public void onNext(T item) {
            flow.onNext(item);
        }

        @Override
        public void onError(Throwable error) {
            flow.onError(error);
        }

        @Override
        public void onComplete() {
            flow.onComplete();
        }
    }

    private record FlowSubscription(Subscription rs) implements Flow.Subscription {
        @Override
        public void request(long n) {
            rs.request(n);
        }

        @Override
        public void cancel() {
            rs.cancel();
        }
    }
}
