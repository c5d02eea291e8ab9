package io.zsync.streams;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** A foreign publisher that breaks §1.1: emits {@code count} elements right after onSubscribe, without demand. */
final class Misbehaving implements Publisher<Integer> {
    private final int count;
    volatile boolean cancelled;

    Misbehaving(int count) {
        this.count = count;
    }

    @Override
    public void subscribe(Subscriber<? super Integer> s) {
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        });
        for (int i = 0; i < count && !cancelled; i++) {
            s.onNext(i);
        }
    }
}
