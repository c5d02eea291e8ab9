package io.zsync.streams.internal;

import java.util.Objects;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/** {@code filter}: only the elements a predicate accepts; each dropped one is replaced by a request for one more. */
public final class PublisherFilter<T> implements Publisher<T> {
    private final Publisher<? extends T> source;
    private final Predicate<? super T> predicate;
    private final Launcher launcher;

    public PublisherFilter(Publisher<? extends T> source, Predicate<? super T> predicate, Launcher launcher) {
        this.launcher = launcher;
        this.source = source;
        this.predicate = predicate;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(new FilterSubscriber<>(subscriber, predicate, launcher));
    }

    private static final class FilterSubscriber<T> extends Relay<T, T> {
        private final Predicate<? super T> predicate;

        FilterSubscriber(Subscriber<? super T> subscriber, Predicate<? super T> predicate, Launcher launcher) {
            super(subscriber, "filter", launcher);
            this.predicate = predicate;
        }

        @Override
        protected void handle(T item) {
            boolean keep;
            try {
                keep = predicate.test(item);
            } catch (Throwable failure) {
                fail(failure);
                return;
            }
            if (keep) {
                downstream.next(item);
            } else {
                requestUpstream(1);
            }
        }
    }
}
