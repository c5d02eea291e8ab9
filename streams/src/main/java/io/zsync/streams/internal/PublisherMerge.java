package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code merge}: the elements of all sources, subscribed at once, in the order they arrive. Each source is asked
 * for {@link #PREFETCH} elements ahead, and again as three quarters of those have gone downstream.
 */
public final class PublisherMerge<T> implements Publisher<T> {
    static final int PREFETCH = 32;
    private static final int LIMIT = PREFETCH - PREFETCH / 4;

    private final List<Publisher<? extends T>> sources;

    private final Launcher launcher;

    public PublisherMerge(List<Publisher<? extends T>> sources, Launcher launcher) {
        this.sources = sources;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        MergeSubscription<T> merge = new MergeSubscription<>(subscriber, sources.size(), launcher);
        subscriber.onSubscribe(merge);
        for (int i = 0; i < sources.size() && !merge.ended.get(); i++) {
            sources.get(i).subscribe(merge.sources[i]);
        }
        merge.drain();   // no sources: complete
    }

    static final class MergeSubscription<T> extends Drained {
        /*
         * Implementation notes.
         *
         * Each source has its own queue, filled by its (serial) signals and bounded by what it was asked for
         * (Deferred counts it: §1.1). One drain loop, guarded by `wip`, owns every downstream signal and every
         * replenishing request: it takes elements round-robin while there is demand, and completes once every
         * source is done (`active` reaches 0 after its last element was queued) and every queue is empty. The first
         * error (a source's, a bad request's, an overflow) cancels all and is signalled without draining the
         * queues. The end is one CAS on `ended`, made by cancel or by the loop as it signals the end.
         * Maintenance: run MergeTest, OperatorsTest and the Merge* TCK verifications after a change.
         */
        final Source<T>[] sources;
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicInteger active;                            // sources not yet terminated
        private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        private volatile @Nullable Subscriber<? super T> downstream;   // null once ended (§3.13)
        final AtomicBoolean ended = new AtomicBoolean();               // terminal signalled or cancelled: CAS
        private int cursor;                                            // drain loop only: round-robin position

        @SuppressWarnings("unchecked")
        MergeSubscription(Subscriber<? super T> subscriber, int n, Launcher launcher) {
            super(launcher);
            this.downstream = subscriber;
            this.active = new AtomicInteger(n);
            this.sources = (Source<T>[]) new Source<?>[n];
            for (int i = 0; i < n; i++) {
                sources[i] = new Source<>(this);
            }
        }

        @Override
        public void cancel() {
            if (ended.compareAndSet(false, true)) {
                downstream = null;
                cancelAll();
            }
        }

        private void cancelAll() {
            for (Source<T> s : sources) {
                s.upstream.cancel();
            }
        }

        @Override
        void fail(Throwable e) {
            if (ended.get() || !error.compareAndSet(null, e)) {
                launcher.undeliverable(e);   // after a cancel, or a second failure
                return;
            }
            cancelAll();
            drain();
        }

        void sourceDone() {
            active.decrementAndGet();
            drain();
        }

        @Override
        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            int n = sources.length;
            for (;;) {
                Subscriber<? super T> d = downstream;
                if (d == null) {
                    return;
                }
                long r = requested.get();
                long e = 0;
                boolean any = true;
                while (any) {
                    any = false;
                    for (int k = 0; k < n && e != r; k++) {
                        Throwable failure = error.get();
                        if (failure != null) {
                            downstream = null;
                            if (ended.compareAndSet(false, true)) {
                                d.onError(failure);
                            }
                            return;
                        }
                        Source<T> s = sources[cursor];
                        cursor = cursor + 1 == n ? 0 : cursor + 1;
                        T item = s.queue.poll();
                        if (item != null) {
                            any = true;
                            e++;
                            if (!deliver(d, item) || downstream == null) {
                                return;
                            }
                            s.consumed();
                        }
                    }
                }
                Throwable failure = error.get();
                if (failure != null) {
                    downstream = null;
                    if (ended.compareAndSet(false, true)) {
                        d.onError(failure);
                    }
                    return;
                }
                if (active.get() == 0 && allEmpty()) {
                    downstream = null;
                    if (ended.compareAndSet(false, true)) {
                        d.onComplete();
                    }
                    return;
                }
                if (e != 0 && r != Long.MAX_VALUE) {
                    requested.addAndGet(-e);
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private boolean allEmpty() {
            for (Source<T> s : sources) {
                if (!s.queue.isEmpty()) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Source<T> implements Subscriber<T> {
        private final MergeSubscription<T> merge;
        final Deferred upstream = new Deferred();
        final Queue<T> queue = new ConcurrentLinkedQueue<>();
        private int consumed;       // drain loop only
        private boolean done;       // this source's thread only

        Source(MergeSubscription<T> merge) {
            this.merge = merge;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (upstream.set(s)) {
                upstream.request(PREFETCH);
            } else {
                merge.launcher.undeliverable(Demand.duplicateSubscription("merge"));
            }
        }

        @Override
        public void onNext(T item) {
            if (done) {
                return;
            }
            if (!upstream.take()) {
                done = true;
                merge.fail(Demand.overflow("merge"));
                return;
            }
            queue.offer(item);
            merge.drain();
        }

        @Override
        public void onError(Throwable error) {
            if (!done) {
                done = true;
                merge.fail(error);
            } else {
                merge.launcher.undeliverable(error);   // after this source's end: nobody can receive it
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                merge.sourceDone();
            }
        }

        void consumed() {
            if (++consumed == LIMIT) {
                consumed = 0;
                upstream.request(LIMIT);
            }
        }
    }
}
