package io.zsync.streams.internal;

import io.zsync.internal.flow.Undeliverable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;

/**
 * The downstream of an operator whose {@code onNext} comes from one thread at a time (its upstream's, §1.3) while
 * {@code onError}/{@code onComplete} may come from any thread (a bad request, a timer, a sibling source): serializes
 * them, so the subscriber sees one signal at a time and nothing after the terminal one (§1.3, §1.7).
 */
public final class Signals<T> {
    /*
     * Implementation notes.
     *
     * `wip` is 1 while an onNext runs or once a terminal signal has been claimed. next() enters only from 0; a
     * terminal signal that finds an onNext running raises `wip` to 2, and that onNext, on leaving, delivers it. The
     * first terminal signal wins the CAS on `terminal` (the one linearization point of the end); a later error, or
     * an error claimed after cancel() dropped the subscriber, cannot be delivered and goes to the pipeline's
     * undeliverable path (Launcher.undeliverable), unless it is the echo of a cancellation. cancel() drops the
     * subscriber (§3.13).
     * Maintenance: run the operator classes on OperatorKit (MapTest, ConcatTest, RaceTest, ZipTest ...),
     * IteratorSignalsSeriallyTest and ProduceTest after a change.
     */

    private static final Object COMPLETE = new Object();

    private final AtomicInteger wip = new AtomicInteger();              // onNext running or terminal claimed
    private final AtomicReference<@Nullable Object> terminal = new AtomicReference<>();   // Throwable or COMPLETE
    private final Runnable cancelUpstream;                             // when the subscriber throws (§2.13)
    private final Launcher launcher;                                   // where undeliverable errors go
    private volatile @Nullable Subscriber<? super T> downstream;        // null once terminated or cancelled

    /**
     * @param downstream the subscriber
     * @param cancelUpstream what stops the source when the subscriber throws from {@code onNext}
     * @param launcher the pipeline's launcher, whose runtime's handler receives undeliverable errors
     */
    public Signals(Subscriber<? super T> downstream, Runnable cancelUpstream, Launcher launcher) {
        this.downstream = downstream;
        this.cancelUpstream = cancelUpstream;
        this.launcher = launcher;
    }

    /** Signals {@code onNext}; returns false if the element was dropped because the stream has ended. */
    public boolean next(T item) {
        Subscriber<? super T> d = downstream;
        if (d == null || wip.get() != 0 || !wip.compareAndSet(0, 1)) {
            return false;
        }
        try {
            d.onNext(item);
        } catch (Throwable broken) {
            Undeliverable.throwIfFatal(broken);
            downstream = null;
            cancelUpstream.run();
            launcher.undeliverable(Launcher.brokenSubscriber(broken));
            return false;
        }
        if (wip.decrementAndGet() != 0) {
            deliverTerminal();
            return false;
        }
        return true;
    }

    /** Signals {@code onError} once no {@code onNext} is running; an error that cannot be delivered is reported. */
    public void error(Throwable error) {
        if (!terminal.compareAndSet(null, error)) {
            if (terminal.get() != error) {
                launcher.undeliverable(error);
            }
            return;
        }
        if (wip.getAndIncrement() == 0) {
            deliverTerminal();
        }
    }

    /** Signals {@code onComplete} once no {@code onNext} is running, unless the stream has already ended. */
    public void complete() {
        if (terminal.compareAndSet(null, COMPLETE) && wip.getAndIncrement() == 0) {
            deliverTerminal();
        }
    }

    /** Whether a terminal signal has been claimed (it may still be waiting for an onNext to return). */
    public boolean isTerminated() {
        return terminal.get() != null;
    }

    /** Drops the subscriber (§3.13): nothing more reaches it; a later error is undeliverable. */
    public void cancel() {
        downstream = null;
    }

    private void deliverTerminal() {
        Subscriber<? super T> d = downstream;
        downstream = null;
        Object t = terminal.get();
        if (d == null) {
            if (t instanceof Throwable error) {
                launcher.undeliverable(error);   // cancelled (or the subscriber broke) before it could be told
            }
            return;
        }
        try {
            if (t instanceof Throwable error) {
                d.onError(error);
            } else {
                d.onComplete();
            }
        } catch (Throwable broken) {
            Undeliverable.throwIfFatal(broken);
            launcher.undeliverable(new IllegalStateException("a subscriber threw from its terminal signal,"
                    + " breaking §2.13", broken));
        }
    }
}
