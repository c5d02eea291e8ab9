package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** {@code concat}: the sources one after another, each subscribed when the previous one has completed. */
public final class PublisherConcat<T> implements Publisher<T> {
    private final List<Publisher<? extends T>> sources;

    private final Launcher launcher;

    public PublisherConcat(List<Publisher<? extends T>> sources, Launcher launcher) {
        this.sources = sources;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        ConcatSubscriber<T> concat = new ConcatSubscriber<>(subscriber, sources, launcher);
        subscriber.onSubscribe(concat);
        concat.next();
    }

    static final class ConcatSubscriber<T> implements Subscriber<T>, BothSubscription {
        /*
         * Implementation notes.
         *
         * Two loops. The arbiter loop (`wip`) alone calls request on the current source: it applies, in order,
         * the demand added by the downstream (`missedRequested`), what the previous source produced
         * (`missedProduced`) and a new source's subscription (`missedSubscription`), so that the outstanding
         * demand `requested` moves to the next source exactly, never twice. The subscribe loop (`subscribing`)
         * trampolines the sources: a source that completes inside subscribe does not nest the next subscribe
         * (§3.3). The sources' signals are serial by construction; `downstream` serializes them with a bad
         * request's error. A source that emits beyond the demand ever requested (`emitted` > `totalRequested`) is
         * cancelled and the stream fails (§1.1). Stopping (a cancel, a bad request, an overflow) is one CAS on
         * `stopped`: the first cancels the current source, later ones do nothing. A second onSubscribe while no
         * source is being subscribed (`expecting`) is cancelled and reported (§2.5).
         * Maintenance: run ConcatTest, OperatorsTest and the Concat* TCK verifications after a change.
         */
        private final List<Publisher<? extends T>> sources;
        private final Signals<T> downstream;
        private final Launcher launcher;                            // where undeliverable errors go
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicInteger subscribing = new AtomicInteger();
        private final AtomicBoolean expecting = new AtomicBoolean();   // a source is being subscribed (§2.5)
        private final AtomicLong missedRequested = new AtomicLong();
        private final AtomicLong totalRequested = new AtomicLong();    // all demand ever added; saturates (§1.1)
        private final AtomicLong missedProduced = new AtomicLong();
        private final AtomicReference<@Nullable Subscription> missedSubscription = new AtomicReference<>();
        private volatile @Nullable Subscription current;   // written by the arbiter loop; cancel reads it
        private long requested;                     // arbiter loop only: demand not yet met
        private long produced;                      // current source's thread: elements since it was subscribed
        private long emitted;                       // sources' threads (serial): elements of all sources so far
        private int index;                          // subscribe loop only: next source
        private final AtomicBoolean stopped = new AtomicBoolean();   // cancelled or failed: set once, by CAS

        ConcatSubscriber(Subscriber<? super T> subscriber, List<Publisher<? extends T>> sources, Launcher launcher) {
            this.sources = sources;
            this.downstream = new Signals<>(subscriber, this::cancel, launcher);
            this.launcher = launcher;
        }

        /** Subscribes the next source, or completes after the last. */
        void next() {
            if (subscribing.getAndIncrement() != 0) {
                return;
            }
            do {
                if (stopped.get()) {
                    return;
                }
                if (index == sources.size()) {
                    downstream.complete();
                    return;
                }
                expecting.set(true);   // before subscribe: its onSubscribe may come from any thread
                sources.get(index++).subscribe(this);
            } while (subscribing.decrementAndGet() != 0);
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!expecting.compareAndSet(true, false)) {
                s.cancel();   // §2.5: no source is being subscribed
                launcher.undeliverable(Demand.duplicateSubscription("concat"));
                return;
            }
            if (stopped.get()) {
                s.cancel();
                return;
            }
            // a subscription still pending here belongs to a source that completed before the arbiter took it
            missedSubscription.set(s);
            arbitrate();
            if (stopped.get()) {
                s.cancel();
            }
        }

        @Override
        public void onNext(T item) {
            if (stopped.get()) {
                return;
            }
            if (++emitted > totalRequested.get()) {   // a request happens-before the elements it allows
                stop();
                downstream.error(Demand.overflow("concat"));   // §1.1: signal, never overflow the downstream
                return;
            }
            produced++;
            downstream.next(item);
        }

        @Override
        public void onError(Throwable error) {
            downstream.error(error);
        }

        @Override
        public void onComplete() {
            long p = produced;
            produced = 0;
            if (p != 0) {
                missedProduced.addAndGet(p);
                arbitrate();
            }
            next();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                stop();
                downstream.error(Demand.badRequest(n));   // §3.9
                return;
            }
            Demand.add(totalRequested, n);
            Demand.add(missedRequested, n);
            arbitrate();
        }

        @Override
        public void cancel() {
            downstream.cancel();
            stop();
        }

        private void stop() {
            if (stopped.compareAndSet(false, true)) {
                Subscription s = current;   // at once: the arbiter may be busy inside this source's request
                if (s != null) {
                    s.cancel();
                }
                arbitrate();
            }
        }

        private void arbitrate() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            for (;;) {
                if (stopped.get()) {
                    Subscription s = current;
                    current = null;
                    Subscription m = missedSubscription.getAndSet(null);
                    if (s != null) {
                        s.cancel();
                    }
                    if (m != null) {
                        m.cancel();
                    }
                } else {
                    long mr = missedRequested.getAndSet(0);
                    long mp = missedProduced.getAndSet(0);
                    Subscription ms = missedSubscription.getAndSet(null);
                    long r = requested;
                    if (r != Long.MAX_VALUE) {
                        r = r + mr < 0 ? Long.MAX_VALUE : r + mr;
                        if (r != Long.MAX_VALUE) {
                            r = Math.max(0, r - mp);
                        }
                        requested = r;
                    }
                    if (ms != null) {
                        current = ms;
                        if (r != 0) {
                            ms.request(r);
                        }
                    } else if (mr != 0 && current != null) {
                        current.request(mr);
                    }
                }
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
