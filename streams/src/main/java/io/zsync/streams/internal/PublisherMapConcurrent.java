package io.zsync.streams.internal;

import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.internal.flow.Demand;
import io.zsync.internal.flow.Undeliverable;
import io.zsync.streams.BlockingFunction;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code mapConcurrent(maxConcurrency, fn)} and {@code mapConcurrentUnordered(maxConcurrency, fn)}: each element's
 * {@code fn} call runs as a task, at most {@code maxConcurrency} at a time; results go downstream in the elements'
 * order ({@code ordered}) or in the order the calls finish.
 */
public final class PublisherMapConcurrent<T, R> implements Publisher<R> {
    private final Publisher<? extends T> source;
    private final BlockingFunction<? super T, ? extends R> fn;
    private final int maxConcurrency;
    private final boolean ordered;
    private final Launcher launcher;

    public PublisherMapConcurrent(Publisher<? extends T> source, BlockingFunction<? super T, ? extends R> fn,
                                  int maxConcurrency, boolean ordered, Launcher launcher) {
        this.source = source;
        this.fn = fn;
        this.maxConcurrency = maxConcurrency;
        this.ordered = ordered;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super R> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(new MapConcurrentSubscriber<>(subscriber, this));
    }

    static final class MapConcurrentSubscriber<T, R> extends Drained implements Subscriber<T> {
        /*
         * Implementation notes.
         *
         * One class for both operators, with an `ordered` flag, because they differ in one decision only: when a
         * call joins `queue`, the line of calls the drain loop emits from. Ordered, a call joins when its element
         * arrives (input order) and the loop waits for the call at the head to finish; unordered, a call joins when
         * it finishes (completion order), so the head is always finished. The bound, the requests, failure and
         * cancel are the same code; two classes would repeat some 200 lines to differ in one.
         *
         * Window: the upstream is asked for maxConcurrency elements, then for one more each time a call leaves
         * `queue` (its result emitted, or its null result dropped). An element is in the window from its request
         * until its call leaves the queue, so requested-not-arrived + running + finished-not-emitted never exceeds
         * maxConcurrency: neither running calls nor held results do. Ordered, a slow head holds the window.
         *
         * Publication: a call's task writes `result`, then `finished` (volatile: release), joins the queue when
         * unordered, then decrements `active`, then drains; the loop reads `finished` (acquire) before `result`.
         * The loop owns every downstream signal and every upstream request after the first, guarded by `wip`. It
         * completes once it reads `upstreamDone`, then `active` == 0, then an empty queue: every call counted by
         * onNext before onComplete has finished and been queued by then, so none is missed.
         *
         * Failure and cancel: the first failure (a call's, upstream's, an overflow, a bad request) wins the CAS on
         * `error`, sets `cancelled` and cancels the upstream and every running call through `calls` (their tasks
         * are interrupted); the loop then signals it without emitting what is queued. A call that starts after
         * that finds `cancelled` and returns at once. The end is one CAS on `ended` (false to true), made by cancel
         * or by the loop as it signals onError/onComplete, so the two never both act. A call's failure after the
         * end or a cancel goes to the pipeline's undeliverable path (the echo of our cancel is dropped there).
         * Maintenance: run MapConcurrentTest and the MapConcurrent* TCK verifications after a change.
         */
        private final Subscriber<? super R> subscriber;
        private final BlockingFunction<? super T, ? extends R> fn;
        private final int maxConcurrency;
        private final boolean ordered;
        private final Queue<Call> queue = new ConcurrentLinkedQueue<>();   // the loop polls; see the notes
        private final Set<Call> calls = ConcurrentHashMap.newKeySet();     // running calls, for cancel
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicInteger active = new AtomicInteger();          // calls started and not finished
        private final AtomicLong outstanding = new AtomicLong();           // upstream demand not yet met (§1.1)
        private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        private volatile @Nullable Subscription upstream;
        private volatile boolean upstreamDone;
        private volatile boolean cancelled;
        private final AtomicBoolean ended = new AtomicBoolean();           // terminal signalled or cancelled: CAS

        MapConcurrentSubscriber(Subscriber<? super R> subscriber, PublisherMapConcurrent<T, R> parent) {
            super(parent.launcher);
            this.subscriber = subscriber;
            this.fn = parent.fn;
            this.maxConcurrency = parent.maxConcurrency;
            this.ordered = parent.ordered;
        }

        private String name() {
            return ordered ? "mapConcurrent" : "mapConcurrentUnordered";
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (upstream != null) {
                s.cancel();   // §2.5
                launcher.undeliverable(Demand.duplicateSubscription(name()));
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
                fail(Demand.overflow(name()));   // §1.1
                return;
            }
            Call call = new Call(item);
            if (ordered) {
                queue.offer(call);   // input order: the loop waits for this call before any later one
            }
            calls.add(call);
            active.incrementAndGet();
            try {
                Task<Void> t = launcher.spawn(call::run);
                call.task = t;
                t.whenComplete(call::taskDone);   // a call its runtime cancels before it starts never runs
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
                launcher.undeliverable(failure);
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
            if (ended.compareAndSet(false, true)) {
                cancelled = true;
                stopAll();
                drain();   // drops the queued results
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
            Undeliverable.throwIfFatal(failure);
            if (!error.compareAndSet(null, failure) || ended.get()) {
                launcher.undeliverable(failure);   // a second failure, or one after the end or a cancel
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
                if (ended.get()) {
                    queue.clear();
                    return;
                }
                Throwable failure = error.get();
                if (failure != null) {
                    queue.clear();
                    if (ended.compareAndSet(false, true)) {   // else a cancel won the race
                        subscriber.onError(failure);
                    }
                    return;
                }
                long r = requested.get();
                long e = 0;
                long left = 0;   // calls that left the queue: each makes room in the window for one element
                for (Call head; (head = queue.peek()) != null && head.finished; ) {
                    R item = head.result;
                    if (item != null && e == r) {
                        break;   // its result waits for demand (§1.1)
                    }
                    queue.poll();
                    left++;
                    if (item == null) {
                        continue;   // a null result emits nothing
                    }
                    if (!deliver(subscriber, item)) {
                        queue.clear();
                        return;
                    }
                    e++;
                    if (ended.get()) {
                        queue.clear();
                        return;
                    }
                }
                boolean done = upstreamDone;
                if (done && active.get() == 0 && queue.isEmpty() && error.get() == null) {
                    if (ended.compareAndSet(false, true)) {
                        subscriber.onComplete();
                    }
                    return;
                }
                if (e != 0 && r != Long.MAX_VALUE) {
                    requested.addAndGet(-e);
                }
                Subscription s = upstream;
                if (left != 0 && !done && s != null) {
                    outstanding.addAndGet(left);
                    s.request(left);
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private TaskCancelledException cancelledByRuntime(@Nullable Throwable echo) {
            return new TaskCancelledException(name() + ": a call's task was cancelled by its runtime (closed, or the"
                    + " task cancelled), not by the subscriber, so the stream did not end normally", echo);
        }

        /** One call of {@code fn}, run as a task. */
        final class Call implements Runnable {
            private final T item;
            private @Nullable R result;                // written by the call's task before `finished`
            volatile boolean finished;                 // fn returned; `result` is published
            volatile @Nullable Task<Void> task;        // set by onNext once spawned
            private final AtomicBoolean entered = new AtomicBoolean();   // run() or taskDone(), whichever first

            Call(T item) {
                this.item = item;
            }

            @Override
            public void run() {
                if (!entered.compareAndSet(false, true)) {
                    return;
                }
                try {
                    if (!cancelled) {
                        try {
                            result = fn.apply(item);
                        } catch (Throwable failure) {
                            Undeliverable.throwIfFatal(failure);
                            // `cancelled` is set before we interrupt a call: an echo without it is the runtime's
                            boolean runtimeCancelled = !cancelled && Undeliverable.isCancellationEcho(failure);
                            fail(runtimeCancelled ? cancelledByRuntime(failure) : failure);   // after a cancel,
                            return;                                                         // undeliverable
                        }
                        finished = true;
                        if (!ordered) {
                            queue.offer(this);   // completion order
                        }
                    }
                } finally {
                    calls.remove(this);
                    active.decrementAndGet();
                    drain();
                }
            }

            /** The call's task ended; if its body never ran (its runtime cancelled it first), accounts for it. */
            void taskDone() {
                if (!entered.compareAndSet(false, true)) {
                    return;   // run() did the accounting
                }
                try {
                    if (!cancelled) {
                        fail(cancelledByRuntime(null));   // cancellation is never a clean end
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
