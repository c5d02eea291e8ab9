package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code batch(size, maxWait)}: lists of up to {@code size} elements, each closed when full or {@code maxWait}
 * after its first element, whichever comes first. Holds at most {@code 2 * size} elements (batches waiting for
 * demand, the open batch, and what the upstream was asked for): a slow subscriber slows the upstream down.
 */
public final class PublisherBatch<T> implements Publisher<List<T>> {
    private final Publisher<? extends T> source;
    private final int size;
    private final Duration maxWait;
    private final Launcher launcher;

    public PublisherBatch(Publisher<? extends T> source, int size, Duration maxWait, Launcher launcher) {
        this.launcher = launcher;
        this.source = source;
        this.size = size;
        this.maxWait = maxWait;
    }

    @Override
    public void subscribe(Subscriber<? super List<T>> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(new BatchSubscriber<>(subscriber, size, maxWait, launcher));
    }

    static final class BatchSubscriber<T> extends Drained implements Subscriber<T> {
        /*
         * Implementation notes.
         *
         * `lock` guards the batch state (`open`, `ready`, `held`, `outstanding`, `generation`); no foreign code runs
         * under it. Elements arrive from the upstream, deadlines from the timer: both change the state under the
         * lock and then run the drain loop, which (guarded by `wip`) owns every downstream signal and every upstream
         * request. A deadline closes the open batch only if it is still the one it was armed for (`generation`).
         * Terminal transition: `ended` goes from false to true by one CAS, made by cancel or by the loop as it
         * signals the end; the one that makes it stops the upstream and the timer (cancel) or signals (the loop).
         * Relaxation: a failure racing a cancel (neither before the other) may find the cancel's CAS made and be
         * dropped; a failure after a cancel is reported (fail reads `ended` first).
         * Deadlines read the runtime's clock (Launcher.schedule): under Zsync.runTest, virtual time.
         * Bound: held + outstanding <= 2 * size; the loop asks the upstream for more once that leaves room for a
         * full batch. On completion the open batch closes and everything ready drains first; an error is
         * signalled at once, dropping what was held.
         * Maintenance: run BatchTest, OperatorsTest, VirtualTimeStreamsTest and the Batch* TCK verifications after a
         * change.
         */
        private final Subscriber<? super List<T>> subscriber;
        private final int size;
        private final Duration maxWait;
        private final long bound;
        private final ReentrantLock lock = new ReentrantLock();
        private List<T> open;                        // under lock: the batch being filled
        private final ArrayDeque<List<T>> ready = new ArrayDeque<>();   // under lock: closed batches
        private long held;                           // under lock: elements in `open` and `ready`
        private long outstanding;                    // under lock: asked of the upstream and not yet received
        private long generation;                     // under lock: which open batch a deadline belongs to
        private Launcher.@Nullable Timer deadline;   // under lock: the open batch's deadline
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        private volatile @Nullable Subscription upstream;
        private volatile boolean upstreamDone;
        private final AtomicBoolean ended = new AtomicBoolean();   // terminal signalled or cancelled: one CAS

        BatchSubscriber(Subscriber<? super List<T>> subscriber, int size, Duration maxWait, Launcher launcher) {
            super(launcher);
            this.subscriber = subscriber;
            this.size = size;
            this.maxWait = maxWait;
            this.bound = 2L * size;
            this.open = new ArrayList<>();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (upstream != null) {
                s.cancel();   // §2.5
                launcher.undeliverable(Demand.duplicateSubscription("batch"));
                return;
            }
            upstream = s;
            subscriber.onSubscribe(this);
            drain();
        }

        @Override
        public void onNext(T item) {
            if (upstreamDone) {
                return;
            }
            boolean overflow;
            lock.lock();
            try {
                overflow = outstanding == 0;
                if (!overflow) {
                    outstanding--;
                    open.add(item);
                    held++;
                    if (open.size() == size) {
                        closeOpen();
                    } else if (open.size() == 1) {
                        long armedFor = generation;
                        deadline = launcher.schedule(maxWait, () -> expire(armedFor));
                    }
                }
            } finally {
                lock.unlock();
            }
            if (overflow) {
                upstreamDone = true;
                fail(Demand.overflow("batch"));
                return;
            }
            drain();
        }

        private void expire(long armedFor) {
            lock.lock();
            try {
                if (generation != armedFor || open.isEmpty()) {
                    return;
                }
                closeOpen();
            } finally {
                lock.unlock();
            }
            drain();
        }

        /** Under lock: the open batch becomes ready, its deadline is called off. */
        private void closeOpen() {
            ready.add(Collections.unmodifiableList(open));
            open = new ArrayList<>();
            generation++;
            Launcher.Timer d = deadline;
            deadline = null;
            if (d != null) {
                d.cancel();
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (upstreamDone) {
                launcher.undeliverable(failure);
                return;
            }
            upstreamDone = true;
            fail(failure);
        }

        @Override
        public void onComplete() {
            lock.lock();
            try {
                if (!open.isEmpty()) {
                    closeOpen();
                }
            } finally {
                lock.unlock();
            }
            upstreamDone = true;
            drain();
        }

        @Override
        public void cancel() {
            if (ended.compareAndSet(false, true)) {
                stop();
            }
        }

        private void stop() {
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            lock.lock();
            try {
                generation++;
                Launcher.Timer d = deadline;
                if (d != null) {
                    d.cancel();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        void fail(Throwable failure) {
            if (ended.get() || !error.compareAndSet(null, failure)) {
                launcher.undeliverable(failure);   // after the end or a cancel, or a second failure
                return;
            }
            stop();
            drain();
        }

        @Override
        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                if (ended.get()) {
                    return;
                }
                Throwable failure = error.get();
                if (failure != null) {
                    if (ended.compareAndSet(false, true)) {   // else a cancel won the race: see the notes
                        subscriber.onError(failure);
                    }
                    return;
                }
                long r = requested.get();
                long e = 0;
                while (e != r) {
                    List<T> batch = takeReady();
                    if (batch == null) {
                        break;
                    }
                    if (!deliver(subscriber, batch)) {
                        return;
                    }
                    e++;
                    if (ended.get()) {
                        return;
                    }
                }
                boolean done = upstreamDone;
                long more = 0;
                boolean empty;
                lock.lock();
                try {
                    empty = ready.isEmpty();
                    long room = bound - held - outstanding;
                    if (!done && room >= size) {
                        outstanding += room;
                        more = room;
                    }
                } finally {
                    lock.unlock();
                }
                if (done && empty && error.get() == null) {
                    if (ended.compareAndSet(false, true)) {
                        subscriber.onComplete();
                    }
                    return;
                }
                Subscription s = upstream;
                if (more != 0 && s != null) {
                    s.request(more);
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

        private @Nullable List<T> takeReady() {
            lock.lock();
            try {
                List<T> batch = ready.poll();
                if (batch != null) {
                    held -= batch.size();
                }
                return batch;
            } finally {
                lock.unlock();
            }
        }
    }
}
