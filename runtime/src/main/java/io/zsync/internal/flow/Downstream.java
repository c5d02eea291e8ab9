package io.zsync.internal.flow;

import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The subscriber of one subscription, whichever interface family it came from: zsync's publishers serve
 * {@code org.reactivestreams} and {@link Flow} subscribers with one implementation and no copying. The caller keeps
 * the Reactive Streams rules (one signal at a time, none after a terminal one); a subscriber that throws is the
 * caller's to handle (§2.13). After {@link #detach()} or a terminal signal no reference to the subscriber remains
 * (§3.13), and later signals go nowhere.
 *
 * @param <T> the element type
 */
public final class Downstream<T> {
    private volatile @Nullable Subscriber<? super T> rs;        // one of the two is set until detached
    private volatile Flow.@Nullable Subscriber<? super T> flow;

    private Downstream(@Nullable Subscriber<? super T> rs, Flow.@Nullable Subscriber<? super T> flow) {
        this.rs = rs;
        this.flow = flow;
    }

    public static <T> Downstream<T> of(Subscriber<? super T> subscriber) {
        return new Downstream<>(subscriber, null);
    }

    public static <T> Downstream<T> of(Flow.Subscriber<? super T> subscriber) {
        return new Downstream<>(null, subscriber);
    }

    /** Signals onSubscribe with a subscription that serves both families. */
    public <S extends Subscription & Flow.Subscription> void onSubscribe(S subscription) {
        Subscriber<? super T> r = rs;
        if (r != null) {
            r.onSubscribe(subscription);
            return;
        }
        Flow.Subscriber<? super T> f = flow;
        if (f != null) {
            f.onSubscribe(subscription);
        }
    }

    public void onNext(T item) {
        Subscriber<? super T> r = rs;
        if (r != null) {
            r.onNext(item);
            return;
        }
        Flow.Subscriber<? super T> f = flow;
        if (f != null) {
            f.onNext(item);
        }
    }

    /** Signals onError and detaches. */
    public void onError(Throwable error) {
        Subscriber<? super T> r = rs;
        Flow.Subscriber<? super T> f = flow;
        detach();
        if (r != null) {
            r.onError(error);
        } else if (f != null) {
            f.onError(error);
        }
    }

    /** Signals onComplete and detaches. */
    public void onComplete() {
        Subscriber<? super T> r = rs;
        Flow.Subscriber<? super T> f = flow;
        detach();
        if (r != null) {
            r.onComplete();
        } else if (f != null) {
            f.onComplete();
        }
    }

    /** Drops the subscriber (§3.13): later signals go nowhere. */
    public void detach() {
        rs = null;
        flow = null;
    }
}
