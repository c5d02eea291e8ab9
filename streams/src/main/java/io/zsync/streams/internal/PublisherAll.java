package io.zsync.streams.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code all}: the first element of every source, as one list in the sources' order, then the end. A source that
 * ends empty ends the result empty; the first error fails it; either way the other sources are cancelled.
 */
public final class PublisherAll<T> implements Publisher<List<T>> {
    private final List<Publisher<? extends T>> sources;

    public PublisherAll(List<Publisher<? extends T>> sources) {
        this.sources = sources;
    }

    @Override
    public void subscribe(Subscriber<? super List<T>> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        AllSubscription<T> all = new AllSubscription<>(subscriber, sources.size());
        subscriber.onSubscribe(all);
        for (int i = 0; i < sources.size(); i++) {
            sources.get(i).subscribe(all.parts[i]);
        }
    }

    static final class AllSubscription<T> implements BothSubscription {
        /*
         * Implementation notes.
         *
         * Each part writes its value into `values[i]` and then decrements `missing` (the atomic publishes the value
         * to whoever sees the count reach 0). One drain loop, guarded by `wip`, owns every downstream signal: it
         * ends the stream on `failure` (an error, an empty source, a bad request), or emits the list once `missing`
         * is 0 and the subscriber has asked for it.
         */
        private static final Throwable EMPTY = new Throwable("a source ended empty", null, false, false) {
            private static final long serialVersionUID = 1L;
        };

        final Part<T>[] parts;
        private final Object[] values;
        private final AtomicInteger missing;
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        private volatile @Nullable Subscriber<? super List<T>> downstream;   // null once ended (§3.13)
        private volatile boolean requested;

        @SuppressWarnings("unchecked")
        AllSubscription(Subscriber<? super List<T>> subscriber, int n) {
            this.downstream = subscriber;
            this.values = new Object[n];
            this.missing = new AtomicInteger(n);
            this.parts = (Part<T>[]) new Part<?>[n];
            for (int i = 0; i < n; i++) {
                parts[i] = new Part<>(this, i);
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(Demand.badRequest(n));   // §3.9
                return;
            }
            requested = true;
            drain();
        }

        @Override
        public void cancel() {
            downstream = null;
            cancelAll();
        }

        private void cancelAll() {
            for (Part<T> p : parts) {
                p.upstream.cancel();
            }
        }

        void fail(Throwable error) {
            if (!failure.compareAndSet(null, error) && error != EMPTY) {
                Demand.undeliverable(error);
            }
            cancelAll();
            drain();
        }

        void arrived(int i, Object value) {
            values[i] = value;
            if (missing.decrementAndGet() == 0) {
                drain();
            }
        }

        @SuppressWarnings("unchecked")
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                Subscriber<? super List<T>> d = downstream;
                if (d == null) {
                    return;
                }
                Throwable error = failure.get();
                if (error != null) {
                    downstream = null;
                    if (error == EMPTY) {
                        d.onComplete();
                    } else {
                        d.onError(error);
                    }
                    return;
                }
                if (missing.get() == 0 && requested) {
                    downstream = null;
                    try {
                        d.onNext((List<T>) Collections.unmodifiableList(Arrays.asList(values.clone())));
                    } catch (Throwable broken) {   // §2.13: treated as a cancel; every part has completed already
                        Demand.throwIfFatal(broken);
                        Demand.undeliverable(new IllegalStateException("a subscriber threw from onNext, breaking"
                                + " §2.13; its subscription was cancelled", broken));
                        return;
                    }
                    d.onComplete();
                    return;
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }

    static final class Part<T> implements Subscriber<T> {
        private final AllSubscription<T> all;
        private final int index;
        final Deferred upstream = new Deferred();
        private boolean arrived;   // this part's upstream thread only

        Part(AllSubscription<T> all, int index) {
            this.all = all;
            this.index = index;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (upstream.set(s)) {
                upstream.request(1);
            } else {
                Demand.undeliverable(Demand.duplicateSubscription("all"));
            }
        }

        @Override
        public void onNext(T item) {
            if (arrived) {
                return;   // cancelled after the first element; a late one is ignored
            }
            if (!upstream.take()) {
                all.fail(Demand.overflow("all"));
                return;
            }
            arrived = true;
            upstream.cancel();   // one value is all it takes
            all.arrived(index, item);
        }

        @Override
        public void onError(Throwable error) {
            if (!arrived) {
                all.fail(error);
            }
        }

        @Override
        public void onComplete() {
            if (!arrived) {
                all.fail(AllSubscription.EMPTY);
            }
        }
    }
}
