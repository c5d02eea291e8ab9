package io.zsync.streams.internal;

import io.zsync.Task;
import io.zsync.streams.BlockingFunction;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code flatMap(fn, maxConcurrency)}: each element's {@code fn} call runs as a task, at most
 * {@code maxConcurrency} at a time; results go downstream in the order they finish.
 */
public final class PublisherFlatMap<T, R> implements Publisher<R> {
    private final Publisher<? extends T> source;
    private final BlockingFunction<? super T, ? extends R> fn;
    private final int maxConcurrency;
    private final Launcher launcher;

    public PublisherFlatMap(Publisher<? extends T> source, BlockingFunction<? super T, ? extends R> fn,
                            int maxConcurrency, Launcher launcher) {
        this.source = source;
        this.fn = fn;
        this.maxConcurrency = maxConcurrency;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super R> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(new FlatMapSubscriber<>(subscriber, this));
    }

    static final class FlatMapSubscriber<T, R> extends Drained implements Subscriber<T> {
        /*
         * Implementation notes.
         *
         * Bound: the upstream is asked for maxConcurrency elements, then for one more each time a result has gone
         * downstream (or a call returned null): calls running plus results queued never exceed maxConcurrency.
         * A call's task queues its result (or its failure in `error`), then decrements `active`; the drain loop,
         * guarded by `wip`, owns every downstream signal and every upstream request after the first. It completes
         * once the upstream is done, `active` is 0 and the queue is empty (the result is queued before the
         * decrement, so the loop never misses one). Cancel and failure cancel every running call through `calls`;
         * a call that starts after that finds `cancelled` and returns at once.
         */
        private final Subscriber<? super R> subscriber;
        private final BlockingFunction<? super T, ? extends R> fn;
        private final Launcher launcher;
        private final int maxConcurrency;
        private final Queue<R> results = new ConcurrentLinkedQueue<>();
        private final Set<Call> calls = ConcurrentHashMap.newKeySet();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicInteger active = new AtomicInteger();       // calls started and not finished
        private final AtomicInteger skipped = new AtomicInteger();      // calls that returned null: replenish
        private final AtomicLong outstanding = new AtomicLong();        // upstream demand not yet met (§1.1)
        private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        private volatile @Nullable Subscription upstream;
        private volatile boolean upstreamDone;
        private volatile boolean cancelled;
        private volatile boolean ended;                                  // terminal signalled or cancelled

        FlatMapSubscriber(Subscriber<? super R> subscriber, PublisherFlatMap<T, R> parent) {
            this.subscriber = subscriber;
            this.fn = parent.fn;
            this.launcher = parent.launcher;
            this.maxConcurrency = parent.maxConcurrency;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (upstream != null) {
                s.cancel();   // §2.5
                Demand.undeliverable(Demand.duplicateSubscription("flatMap"));
                return;
            }
            upstream = s;
            subscriber.onSubscribe(this);
            outstanding.addAndGet(maxConcurrency);
            s.request(maxConcurrency);
        }

        @Override
        public void onNext(T item) {
            if (upstreamDone || cancelled) {
                return;
            }
            if (outstanding.getAndDecrement() <= 0) {
                upstreamDone = true;
                fail(Demand.overflow("flatMap"));
                return;
            }
            Call call = new Call(item);
            calls.add(call);
            active.incrementAndGet();
            try {
                call.task = launcher.spawn(call);
            } catch (RuntimeException rejected) {
                calls.remove(call);
                active.decrementAndGet();
                upstreamDone = true;
                fail(rejected);   // the runtime closed since assembly
                return;
            }
            if (cancelled) {
                call.cancel();
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (upstreamDone) {
                Demand.undeliverable(failure);
                return;
            }
            upstreamDone = true;
            fail(failure);
        }

        @Override
        public void onComplete() {
            upstreamDone = true;
            drain();
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                ended = true;
                stopAll();
            }
        }

        private void stopAll() {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            for (Call c : calls) {
                c.cancel();
            }
        }

        @Override
        void fail(Throwable failure) {
            Demand.throwIfFatal(failure);
            if (!error.compareAndSet(null, failure)) {
                if (!cancelled && !ended) {
                    Demand.undeliverable(failure);
                }
                return;
            }
            cancelled = true;
            stopAll();
            drain();
        }

        @Override
        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                if (ended) {
                    results.clear();
                    return;
                }
                Throwable failure = error.get();
                if (failure != null) {
                    ended = true;
                    results.clear();
                    subscriber.onError(failure);
                    return;
                }
                long r = requested.get();
                long e = 0;
                while (e != r) {
                    R item = results.poll();
                    if (item == null) {
                        break;
                    }
                    if (!deliver(subscriber, item)) {
                        results.clear();
                        return;
                    }
                    e++;
                    if (ended) {
                        results.clear();
                        return;
                    }
                }
                long replenish = e + skipped.getAndSet(0);
                boolean done = upstreamDone;
                if (done && active.get() == 0 && results.isEmpty() && error.get() == null) {
                    ended = true;
                    subscriber.onComplete();
                    return;
                }
                if (e != 0 && r != Long.MAX_VALUE) {
                    requested.addAndGet(-e);
                }
                Subscription s = upstream;
                if (replenish != 0 && !done && s != null) {
                    outstanding.addAndGet(replenish);
                    s.request(replenish);
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** One call of {@code fn}, run as a task. */
        final class Call implements Runnable {
            private final T item;
            volatile @Nullable Task<Void> task;

            Call(T item) {
                this.item = item;
            }

            @Override
            public void run() {
                try {
                    if (!cancelled) {
                        R result;
                        try {
                            result = fn.apply(item);
                        } catch (Throwable failure) {
                            if (!cancelled) {
                                fail(failure);
                            }
                            return;
                        }
                        if (result != null) {
                            results.offer(result);
                        } else {
                            skipped.incrementAndGet();
                        }
                    }
                } finally {
                    calls.remove(this);
                    active.decrementAndGet();
                    drain();
                }
            }

            void cancel() {
                Task<Void> t = task;
                if (t != null) {
                    t.cancel();
                }
            }
        }
    }
}
