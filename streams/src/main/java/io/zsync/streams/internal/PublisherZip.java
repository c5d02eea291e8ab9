package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import io.zsync.internal.flow.Undeliverable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code zip}: for each i, the i-th element of every source, combined into one. It completes once a source has
 * completed and every full round it allows has gone downstream, and fails with the first error; either way the other
 * sources are cancelled. Each source is asked for {@link #PREFETCH} elements ahead, then for {@link #LIMIT} more each
 * time that many rounds have gone downstream (as Reactor's zip). No sources: it completes at once.
 */
public final class PublisherZip<R> implements Publisher<R> {
    static final int PREFETCH = 32;
    static final int LIMIT = PREFETCH - PREFETCH / 4;

    private final List<? extends Publisher<?>> sources;
    private final Function<Object[], ? extends @Nullable R> zipper;   // one round; must not keep the array
    private final String combinerName;                                 // names the zipper in a null-result error
    private final Launcher launcher;                                   // the pipeline's: undeliverable errors

    private PublisherZip(List<? extends Publisher<?>> sources, Function<Object[], ? extends @Nullable R> zipper,
                         String combinerName, Launcher launcher) {
        this.sources = sources;
        this.launcher = launcher;
        this.zipper = zipper;
        this.combinerName = combinerName;
    }

    /** Rounds as unmodifiable lists, in the sources' order. */
    @SuppressWarnings("unchecked")
    public static <T> PublisherZip<List<T>> lists(List<Publisher<? extends T>> sources, Launcher launcher) {
        return new PublisherZip<>(sources, row -> (List<T>) List.of(row), "zip", launcher);
    }

    /** Rounds of two, each combined by {@code combiner}. */
    @SuppressWarnings("unchecked")
    public static <A, B, R> PublisherZip<R> pairs(Publisher<? extends A> a, Publisher<? extends B> b,
                                                  BiFunction<? super A, ? super B, ? extends @Nullable R> combiner,
                                                  Launcher launcher) {
        return new PublisherZip<>(List.of(a, b), row -> combiner.apply((A) row[0], (B) row[1]), "zip's combiner",
                launcher);
    }

    @Override
    public void subscribe(Subscriber<? super R> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        if (sources.isEmpty()) {
            Empty.complete(subscriber);   // as Reactor's and RxJava's zip of no sources
            return;
        }
        ZipSubscription<R> zip = new ZipSubscription<>(subscriber, sources.size(), zipper, combinerName, launcher);
        subscriber.onSubscribe(zip);
        for (int i = 0; i < sources.size() && zip.terminal.get() == null; i++) {
            sources.get(i).subscribe(zip.sources[i]);
        }
    }

    static final class ZipSubscription<R> implements BothSubscription {
        /*
         * Implementation notes.
         *
         * Roles: each source fills its own queue from its (serial) signals, bounded by what it was asked for
         * (Deferred counts it: §1.1), and sets its `done` after its last element is queued. One drain loop, guarded
         * by `wip`, owns every downstream signal, `row`, the zipper and every replenishing request.
         *
         * A round: the loop moves the head of each source's queue into the empty slots of `row`; when every slot is
         * full and there is demand, it applies the zipper, emits, and empties the row. A source whose slot is empty,
         * whose `done` was read true before its queue was found empty, can give no more: the stream completes then,
         * with or without demand, and the others are cancelled. Every round takes one element of each source, so
         * one count (`consumed`) replenishes all of them alike.
         *
         * Terminal state: `terminal` goes once, by CAS, from null to a failure (a source's error, an overflow, a bad
         * request, the zipper's), to COMPLETE (claimed by the loop) or to CANCELLED. A failure is signalled by the
         * loop without emitting what is queued. A failure that loses the CAS (a second error, or one after the end
         * or a cancel) can no longer be delivered: it goes to the undeliverable handler. `downstream` is dropped
         * when the stream ends (§3.13).
         *
         * Not a Drained: its request checks `terminal` first, so that a request after the end, even a bad one, is
         * a no-op (§3.6) rather than an undeliverable §3.9 error; deliver() is Drained's, restated.
         *
         * Maintenance: run ZipTest (with OperatorKit's checks) and the Zip* TCK verifications after a change.
         */
        private static final Object COMPLETE = new Object();
        private static final Object CANCELLED = new Object();
        private static final int FULL = 0;        // fill(): every slot of the round holds an element
        private static final int PARTIAL = 1;     // fill(): a source has no element yet
        private static final int EXHAUSTED = 2;   // fill(): a source has ended, and its slot is empty

        final Source[] sources;
        final AtomicReference<@Nullable Object> terminal = new AtomicReference<>();   // failure, COMPLETE, CANCELLED
        private final Function<Object[], ? extends @Nullable R> zipper;
        private final String combinerName;
        final Launcher launcher;                                             // where undeliverable errors go
        private final @Nullable Object[] row;                                // drain loop only: the round so far
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicLong requested = new AtomicLong();              // downstream demand not yet met
        private volatile @Nullable Subscriber<? super R> downstream;        // null once ended (§3.13)
        private int consumed;                                                // drain loop only: since replenishing

        ZipSubscription(Subscriber<? super R> subscriber, int n, Function<Object[], ? extends @Nullable R> zipper,
                        String combinerName, Launcher launcher) {
            this.launcher = launcher;
            this.downstream = subscriber;
            this.zipper = zipper;
            this.combinerName = combinerName;
            this.row = new Object[n];
            this.sources = new Source[n];
            for (int i = 0; i < n; i++) {
                sources[i] = new Source(this);
            }
        }

        @Override
        public void request(long n) {
            if (terminal.get() != null) {
                return;   // §3.6
            }
            if (n <= 0) {
                fail(Demand.badRequest(n));   // §3.9
                return;
            }
            Demand.add(requested, n);
            drain();
        }

        @Override
        public void cancel() {
            terminal.compareAndSet(null, CANCELLED);
            downstream = null;
            cancelAll();
            drain();   // drops what is queued
        }

        private void cancelAll() {
            for (Source s : sources) {
                s.upstream.cancel();
            }
        }

        /** Ends the stream with {@code failure}, unless it has ended already: then the failure is undeliverable. */
        void fail(Throwable failure) {
            if (!terminal.compareAndSet(null, failure)) {
                launcher.undeliverable(failure);
                return;
            }
            cancelAll();
            drain();
        }

        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                Subscriber<? super R> d = downstream;
                if (d == null) {
                    clear();
                    return;
                }
                long r = requested.get();
                long e = 0;
                for (;;) {
                    Object t = terminal.get();
                    if (t != null) {   // a failure, or CANCELLED (COMPLETE is set by this loop, which then returns)
                        downstream = null;
                        clear();
                        if (t instanceof Throwable failure) {
                            d.onError(failure);
                        }
                        return;
                    }
                    int state = fill();
                    if (state == EXHAUSTED) {
                        if (terminal.compareAndSet(null, COMPLETE)) {
                            downstream = null;
                            cancelAll();
                            clear();
                            d.onComplete();
                            return;
                        }
                        continue;   // a failure or a cancel came first
                    }
                    if (state == PARTIAL || e == r) {
                        break;
                    }
                    R out;
                    try {
                        out = zipper.apply(row);
                    } catch (Throwable failure) {
                        Undeliverable.throwIfFatal(failure);
                        fail(failure);
                        continue;
                    }
                    if (out == null) {
                        fail(new NullPointerException(combinerName + " returned null; return an element, as"
                                + " elements must not be null (§2.13)"));
                        continue;
                    }
                    Arrays.fill(row, null);
                    if (!deliver(d, out)) {
                        clear();
                        return;
                    }
                    e++;
                    if (++consumed == LIMIT) {
                        consumed = 0;
                        for (Source s : sources) {
                            s.upstream.request(LIMIT);
                        }
                    }
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

        /** Moves each source's head into its empty slot; says whether the round is full, or a source is spent. */
        private int fill() {
            int state = FULL;
            for (int i = 0; i < sources.length; i++) {
                if (row[i] == null) {
                    Source s = sources[i];
                    boolean done = s.done;   // read before the queue: `done` is set after the last offer
                    Object item = s.queue.poll();
                    if (item == null) {
                        if (done) {
                            return EXHAUSTED;
                        }
                        state = PARTIAL;
                    } else {
                        row[i] = item;
                    }
                }
            }
            return state;
        }

        /** Signals onNext; a subscriber that throws (§2.13) is treated as having cancelled and is reported. */
        private boolean deliver(Subscriber<? super R> d, R item) {
            try {
                d.onNext(item);
                return true;
            } catch (Throwable broken) {
                Undeliverable.throwIfFatal(broken);
                cancel();
                launcher.undeliverable(Launcher.brokenSubscriber(broken));
                return false;
            }
        }

        private void clear() {
            Arrays.fill(row, null);
            for (Source s : sources) {
                s.queue.clear();
            }
        }
    }

    static final class Source implements Subscriber<Object> {
        private final ZipSubscription<?> zip;
        final Deferred upstream = new Deferred();
        final Queue<Object> queue = new ConcurrentLinkedQueue<>();   // offered by this source, polled by the loop
        volatile boolean done;                                        // set after the last offer (release)

        Source(ZipSubscription<?> zip) {
            this.zip = zip;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (upstream.set(s)) {
                upstream.request(PREFETCH);
            } else {
                zip.launcher.undeliverable(Demand.duplicateSubscription("zip"));   // §2.5: s was cancelled
            }
        }

        @Override
        public void onNext(Object item) {
            Objects.requireNonNull(item, "onNext(null): elements must not be null (§2.13)");
            if (done) {
                return;
            }
            if (!upstream.take()) {
                done = true;
                zip.fail(Demand.overflow("zip"));   // §1.1
                return;
            }
            queue.offer(item);
            zip.drain();
        }

        @Override
        public void onError(Throwable error) {
            Objects.requireNonNull(error, "onError(null): the error must not be null (§2.13)");
            done = true;
            zip.fail(error);
        }

        @Override
        public void onComplete() {
            done = true;
            zip.drain();
        }
    }
}
