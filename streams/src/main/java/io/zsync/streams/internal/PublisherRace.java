package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** {@code race}: relays whichever source signals first (an element, an error or the end); cancels the others. */
public final class PublisherRace<T> implements Publisher<T> {
    private final List<Publisher<? extends T>> sources;

    private final Launcher launcher;

    public PublisherRace(List<Publisher<? extends T>> sources, Launcher launcher) {
        this.sources = sources;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        RaceSubscription<T> race = new RaceSubscription<>(subscriber, sources.size(), launcher);
        subscriber.onSubscribe(race);
        for (int i = 0; i < sources.size() && race.winner.get() == NONE; i++) {
            sources.get(i).subscribe(race.contenders[i]);
        }
    }

    private static final int NONE = -1;
    private static final int OVER = -2;   // cancelled or failed before any source won

    static final class RaceSubscription<T> implements BothSubscription {
        /*
         * Implementation notes.
         *
         * `winner` goes from NONE once, by CAS, to the index of the first contender that signals (or to OVER on
         * cancel or bad request); the winner's signals are serial by §1.3 and pass through `downstream`, the
         * others' are dropped. Until there is a winner, requests go to every contender (Deferred holds them until
         * each subscription arrives); after, only to the winner. A loser's error, and any error after the end or
         * a cancel, is undeliverable (the pipeline's handler; a cancellation's echo is dropped).
         * Maintenance: run RaceTest (with OperatorKit's checks) and the Race* TCK verifications after a change.
         */
        final AtomicInteger winner = new AtomicInteger(NONE);
        final Contender<T>[] contenders;
        private final Signals<T> downstream;
        final Launcher launcher;

        @SuppressWarnings("unchecked")
        RaceSubscription(Subscriber<? super T> subscriber, int n, Launcher launcher) {
            this.launcher = launcher;
            this.downstream = new Signals<>(subscriber, this::cancelAll, launcher);
            this.contenders = (Contender<T>[]) new Contender<?>[n];
            for (int i = 0; i < n; i++) {
                contenders[i] = new Contender<>(this, i);
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                winner.set(OVER);
                cancelAll();
                downstream.error(Demand.badRequest(n));   // §3.9
                return;
            }
            int w = winner.get();
            if (w >= 0) {
                contenders[w].upstream.request(n);
                return;
            }
            for (Contender<T> c : contenders) {
                c.upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            winner.compareAndSet(NONE, OVER);
            downstream.cancel();
            cancelAll();
        }

        private void cancelAll() {
            for (Contender<T> c : contenders) {
                c.upstream.cancel();
            }
        }

        /** Whether contender {@code i} may signal: it won now, or had won before. */
        boolean wins(int i) {
            int w = winner.get();
            if (w == NONE && winner.compareAndSet(NONE, i)) {
                for (Contender<T> c : contenders) {
                    if (c.index != i) {
                        c.upstream.cancel();
                    }
                }
                return true;
            }
            return w == i || winner.get() == i;
        }
    }

    static final class Contender<T> implements Subscriber<T> {
        private final RaceSubscription<T> race;
        final int index;
        final Deferred upstream = new Deferred();

        Contender(RaceSubscription<T> race, int index) {
            this.race = race;
            this.index = index;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!upstream.set(s)) {
                race.launcher.undeliverable(Demand.duplicateSubscription("race"));
            }
        }

        @Override
        public void onNext(T item) {
            if (!race.wins(index)) {
                return;
            }
            if (!upstream.take()) {
                race.winner.set(OVER);
                race.cancelAll();
                race.downstream.error(Demand.overflow("race"));
                return;
            }
            race.downstream.next(item);
        }

        @Override
        public void onError(Throwable error) {
            if (race.wins(index)) {
                race.downstream.error(error);
            } else {
                race.launcher.undeliverable(error);   // a loser's error: it lost, and nobody else can see it
            }
        }

        @Override
        public void onComplete() {
            if (race.wins(index)) {
                race.downstream.complete();
            }
        }
    }
}
