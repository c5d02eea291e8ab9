package io.zsync.streams;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** A subscriber that records what it receives, requesting {@code initial} on subscribe. */
final class Recorder<T> implements Subscriber<T> {
    final List<T> items = new CopyOnWriteArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);
    private final long initial;
    volatile Subscription subscription;
    volatile Throwable error;
    volatile boolean completed;

    Recorder(long initial) {
        this.initial = initial;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        if (initial > 0) {
            s.request(initial);
        }
    }

    @Override
    public void onNext(T item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        done.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        done.countDown();
    }

    /** Waits for the terminal signal; fails if it does not come within the hang guard. */
    Recorder<T> await() throws InterruptedException {
        if (!done.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no terminal signal within 10 s; received " + items);
        }
        return this;
    }
}
