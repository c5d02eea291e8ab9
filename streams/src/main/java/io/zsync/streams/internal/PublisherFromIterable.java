package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import io.zsync.internal.flow.Undeliverable;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code fromIterable} and {@code fromStream}: the elements of an iterator, emitted on the thread that requests
 * them. Each subscriber gets a fresh iterator from {@code iterators}; {@code onEnd} runs once the subscription ends
 * (completed, failed or cancelled): {@code fromStream} closes its stream there.
 */
public final class PublisherFromIterable<T> implements Publisher<T> {
    private final Supplier<? extends Iterator<? extends T>> iterators;
    private final Runnable onEnd;

    private final Launcher launcher;

    public PublisherFromIterable(Supplier<? extends Iterator<? extends T>> iterators, Runnable onEnd,
                                 Launcher launcher) {
        this.iterators = iterators;
        this.launcher = launcher;
        this.onEnd = onEnd;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        Iterator<? extends T> iterator;
        try {
            iterator = Objects.requireNonNull(iterators.get(), "the source returned a null iterator");
        } catch (Throwable failure) {
            Undeliverable.throwIfFatal(failure);
            onEnd.run();
            Empty.error(subscriber, failure);
            return;
        }
        IterableSubscription<T> subscription = new IterableSubscription<>(subscriber, iterator, onEnd, launcher);
        subscriber.onSubscribe(subscription);
        subscription.drain();   // an empty iterator completes without a request
    }

    static final class IterableSubscription<T> implements BothSubscription {
        /*
         * Implementation notes.
         *
         * One emission loop, guarded by `wip`, owns the iterator and every signal (§1.3); a request from inside
         * onNext only adds demand and a missed round (§3.3). The loop asks hasNext() as soon as it can, before it
         * has demand, so that the end of the source completes without waiting for one more request (and an empty
         * source completes right after onSubscribe). A bad request (§3.9), a cancel or the end stop it: one CAS
         * on `ended` decides which, and only its maker signals and runs onEnd (fromStream's close runs once).
         * Maintenance: run FromIterableTest, OperatorsTest and the FromIterable* and FromStream* TCK verifications
         * after a change.
         */
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<IterableSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(IterableSubscription.class, "requested");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<IterableSubscription> WIP =
                AtomicIntegerFieldUpdater.newUpdater(IterableSubscription.class, "wip");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<IterableSubscription> ENDED =
                AtomicIntegerFieldUpdater.newUpdater(IterableSubscription.class, "ended");

        private final Iterator<? extends T> iterator;                  // the emission loop only
        private final Runnable onEnd;
        private final Launcher launcher;                               // where undeliverable errors go
        private volatile @Nullable Subscriber<? super T> downstream;   // null once ended (§3.13)
        private volatile long requested;                               // demand not yet met; MAX = unbounded
        private volatile int wip;                                      // loop ownership and missed rounds
        private volatile int ended;                                    // 0, then 1 by one CAS (ENDED): see end()
        private volatile @Nullable IllegalArgumentException badRequest;   // §3.9, signalled by the loop
        private boolean hasNextKnown;                                  // loop only: hasNext() said true
        private long emitted;                                          // loop only: elements so far

        IterableSubscription(Subscriber<? super T> downstream, Iterator<? extends T> iterator, Runnable onEnd,
                             Launcher launcher) {
            this.launcher = launcher;
            this.downstream = downstream;
            this.iterator = iterator;
            this.onEnd = onEnd;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = Demand.badRequest(n);
            } else {
                Demand.add(REQUESTED, this, n);
            }
            drain();
        }

        @Override
        public void cancel() {
            end();
        }

        /** Ends the subscription; true for the one caller whose CAS ended it (it alone signals, and runs onEnd). */
        private boolean end() {
            downstream = null;
            if (ENDED.compareAndSet(this, 0, 1)) {
                onEnd.run();
                return true;
            }
            return false;
        }

        void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                long r = requested;
                long e = 0;
                for (;;) {
                    Subscriber<? super T> d = downstream;
                    if (d == null) {
                        return;
                    }
                    IllegalArgumentException bad = badRequest;
                    if (bad != null) {
                        if (end()) {
                            d.onError(bad);   // (after a cancel, a request is a no-op: §3.6)
                        }
                        return;
                    }
                    T next = null;
                    try {
                        if (!hasNextKnown) {
                            if (!iterator.hasNext()) {
                                if (end()) {
                                    d.onComplete();
                                }
                                return;
                            }
                            hasNextKnown = true;
                        }
                        if (e == r) {
                            break;
                        }
                        hasNextKnown = false;
                        next = Objects.requireNonNull(iterator.next(), "the source produced null as element "
                                + emitted + "; elements must not be null (§2.13): filter nulls out first");
                    } catch (Throwable failure) {
                        Undeliverable.throwIfFatal(failure);
                        if (end()) {
                            d.onError(failure);
                        } else {
                            launcher.undeliverable(failure);   // the iterator failed after a cancel
                        }
                        return;
                    }
                    emitted++;
                    e++;
                    try {
                        d.onNext(next);
                    } catch (Throwable broken) {
                        Undeliverable.throwIfFatal(broken);
                        end();
                        launcher.undeliverable(Launcher.brokenSubscriber(broken));
                        return;
                    }
                }
                if (e != 0 && r != Long.MAX_VALUE) {
                    REQUESTED.addAndGet(this, -e);
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
