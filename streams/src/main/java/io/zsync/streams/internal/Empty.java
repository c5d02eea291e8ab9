package io.zsync.streams.internal;

import org.reactivestreams.Subscriber;

/** A subscription with nothing behind it, for publishers that fail or complete at subscribe time. */
final class Empty implements BothSubscription {
    static final Empty INSTANCE = new Empty();

    private Empty() {
    }

    /** Signals onSubscribe, then onError (§1.9: onSubscribe always comes first). */
    static void error(Subscriber<?> subscriber, Throwable error) {
        subscriber.onSubscribe(INSTANCE);
        subscriber.onError(error);
    }

    /** Signals onSubscribe, then onComplete. */
    static void complete(Subscriber<?> subscriber) {
        subscriber.onSubscribe(INSTANCE);
        subscriber.onComplete();
    }

    @Override
    public void request(long n) {
        // nothing to request: the stream has already ended (§3.6)
    }

    @Override
    public void cancel() {
        // nothing to cancel
    }
}
