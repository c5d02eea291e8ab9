package io.zsync.streams.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code timeout(d)}: fails with a {@link TimeoutException} when the upstream sends no signal within {@code d} of
 * the subscription or of its previous element, and cancels it.
 */
public final class PublisherTimeout<T> implements Publisher<T> {
    private final Publisher<? extends T> source;
    private final Duration timeout;
    private final Launcher launcher;

    public PublisherTimeout(Publisher<? extends T> source, Duration timeout, Launcher launcher) {
        this.launcher = launcher;
        this.source = source;
        this.timeout = timeout;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        source.subscribe(new TimeoutSubscriber<>(subscriber, timeout, launcher));
    }

    private static final class TimeoutSubscriber<T> extends Relay<T, T> {
        /*
         * `index` counts the upstream's elements; a timer armed for index i fires the timeout only if it can move
         * `index` from i to TIMED_OUT, so an element that arrives in time always wins, and after a timeout no
         * element passes. Every end of the stream cancels the armed timer (whenDone), once: Relay's terminal CAS.
         * The timers read the runtime's clock (Launcher.schedule): under Zsync.runTest, virtual time.
         * Maintenance: run TimeoutTest, VirtualTimeStreamsTest, RelayTest and the Timeout* TCK verifications after
         * a change.
         */
        private static final long TIMED_OUT = Long.MIN_VALUE;

        private final Duration timeout;
        private final AtomicLong index = new AtomicLong();   // elements so far, or TIMED_OUT
        private volatile Launcher.@Nullable Timer timer;     // the armed timer; replaced by each element

        TimeoutSubscriber(Subscriber<? super T> subscriber, Duration timeout, Launcher launcher) {
            super(subscriber, "timeout", launcher);
            this.timeout = timeout;
        }

        @Override
        protected void afterSubscribe() {
            arm(0);
        }

        @Override
        protected void handle(T item) {
            long i = index.get();
            if (i == TIMED_OUT || !index.compareAndSet(i, i + 1)) {
                return;   // the timer won
            }
            disarm();
            if (downstream.next(item)) {
                arm(i + 1);
            }
        }

        private void arm(long i) {
            timer = launcher.schedule(timeout, () -> {
                if (index.compareAndSet(i, TIMED_OUT)) {
                    fail(new TimeoutException("no signal from the upstream of timeout(" + timeout + ") within "
                            + timeout + (i == 0 ? " of subscribing" : " of element " + i)
                            + "; it was cancelled. Allow a longer timeout if the source is just slow"));
                }
            });
            if (isDone()) {
                disarm();
            }
        }

        private void disarm() {
            Launcher.Timer t = timer;
            if (t != null) {
                t.cancel();
            }
        }

        @Override
        protected void whenDone() {
            index.set(TIMED_OUT);
            disarm();
        }
    }
}
