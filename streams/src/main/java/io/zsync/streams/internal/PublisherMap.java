package io.zsync.streams.internal;

import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/** {@code map}: each element through a function; a failing or null-returning function fails the stream. */
public final class PublisherMap<T, R> implements Publisher<R> {
    private final Publisher<? extends T> source;
    private final Function<? super T, ? extends R> mapper;
    private final Launcher launcher;

    public PublisherMap(Publisher<? extends T> source, Function<? super T, ? extends R> mapper, Launcher launcher) {
        this.launcher = launcher;
        this.source = source;
        this.mapper = mapper;
    }

    @Override
    public void subscribe(Subscriber<? super R> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(new MapSubscriber<>(subscriber, mapper, launcher));
    }

    private static final class MapSubscriber<T, R> extends Relay<T, R> {
        private final Function<? super T, ? extends R> mapper;

        MapSubscriber(Subscriber<? super R> subscriber, Function<? super T, ? extends R> mapper, Launcher launcher) {
            super(subscriber, "map", launcher);
            this.mapper = mapper;
        }

        @Override
        protected void handle(T item) {
            R mapped;
            try {
                mapped = mapper.apply(item);
            } catch (Throwable failure) {
                fail(failure);
                return;
            }
            if (mapped == null) {
                fail(new NullPointerException("the mapper of map returned null for " + item
                        + "; elements must not be null (§2.13): use filter to drop elements"));
                return;
            }
            downstream.next(mapped);
        }
    }
}
