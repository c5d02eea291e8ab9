package io.zsync.streams.internal;

import io.zsync.internal.flow.Demand;
import io.zsync.internal.flow.Undeliverable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The shared half of the one-upstream, one-downstream operators (map, filter, take, timeout): it is both the
 * upstream's subscriber and the downstream's subscription. Requests go upstream as they come; each element
 * arriving is checked against the demand outstanding upstream (§1.1), then handed to {@link #handle(Object)}.
 */
public abstract class Relay<T, R> implements Subscriber<T>, BothSubscription {
    /*
     * Implementation notes.
     *
     * Signals to the downstream go through `signals` (Signals): onNext from the upstream's thread, terminal
     * signals from any (bad request, timer, failing user function). `outstanding` is the upstream demand not yet
     * met: request adds, onNext takes one; taking from zero is a §1.1 violation by the upstream.
     * Terminal transition: `done` goes from false to true by one compare-and-set, made by whichever of onError,
     * onComplete, cancel, fail and completeEarly comes first; only that one runs whenDone() and cancels the
     * upstream, so a timer's failure racing onComplete or a cancel runs them once. A later error loses the CAS and
     * is undeliverable. `done` also stops later upstream signals.
     * Maintenance: run RelayTest, OperatorKit's operator classes (MapTest, TakeTest, TimeoutTest ...) and the TCK
     * verifications of map, filter, take and timeout after a change.
     */

    private final Subscriber<? super R> subscriber;
    protected final Signals<R> downstream;
    private final String name;
    protected final Launcher launcher;                         // the pipeline's: undeliverable errors, timers
    private final AtomicLong outstanding = new AtomicLong();   // upstream demand not yet met; MAX = unbounded
    private volatile @Nullable Subscription upstream;          // set once by onSubscribe
    private final AtomicBoolean done = new AtomicBoolean();    // terminal claimed or cancelled; set once, by CAS

    protected Relay(Subscriber<? super R> subscriber, String name, Launcher launcher) {
        this.subscriber = subscriber;
        this.downstream = new Signals<>(subscriber, this::cancelUpstream, launcher);
        this.name = name;
        this.launcher = launcher;
    }

    /** Handles an element the upstream was asked for. */
    protected abstract void handle(T item);

    /** Called after the downstream's onSubscribe returned; take(0) ends here. */
    protected void afterSubscribe() {
    }

    /** Turns a downstream request of {@code n > 0} into an upstream one; 0 requests nothing. */
    protected long toUpstream(long n) {
        return n;
    }

    @Override
    public final void onSubscribe(Subscription s) {
        if (upstream != null) {
            s.cancel();   // §2.5
            launcher.undeliverable(Demand.duplicateSubscription(name));
            return;
        }
        upstream = s;
        subscriber.onSubscribe(this);
        afterSubscribe();
    }

    @Override
    public final void onNext(T item) {
        if (done.get()) {
            return;
        }
        long r = outstanding.get();
        if (r != Long.MAX_VALUE && (r == 0 || outstanding.getAndDecrement() == 0)) {
            fail(Demand.overflow(name));
            return;
        }
        handle(item);
    }

    @Override
    public final void onError(Throwable error) {
        if (!done.compareAndSet(false, true)) {
            launcher.undeliverable(error);
            return;
        }
        whenDone();
        downstream.error(error);
    }

    @Override
    public final void onComplete() {
        if (done.compareAndSet(false, true)) {
            whenDone();
            downstream.complete();
        }
    }

    @Override
    public final void request(long n) {
        if (done.get()) {
            return;   // §3.6
        }
        if (n <= 0) {
            fail(Demand.badRequest(n));   // §3.9
            return;
        }
        long up = toUpstream(n);
        if (up > 0) {
            requestUpstream(up);
        }
    }

    /** Asks the upstream for {@code n} more, counting them as outstanding. */
    protected final void requestUpstream(long n) {
        Demand.add(outstanding, n);
        Subscription s = upstream;
        if (s != null) {
            s.request(n);
        }
    }

    @Override
    public final void cancel() {
        if (done.compareAndSet(false, true)) {
            whenDone();
            downstream.cancel();
            cancelUpstream();
        }
    }

    /** Ends the stream with {@code error}: cancels the upstream, then signals onError. */
    protected final void fail(Throwable error) {
        Undeliverable.throwIfFatal(error);
        if (!done.compareAndSet(false, true)) {
            launcher.undeliverable(error);
            return;
        }
        whenDone();
        cancelUpstream();
        downstream.error(error);
    }

    /** Ends the stream early and normally: cancels the upstream, then signals onComplete. */
    protected final void completeEarly() {
        if (done.compareAndSet(false, true)) {
            whenDone();
            cancelUpstream();
            downstream.complete();
        }
    }

    /** Releases what the operator holds (timers); called once, when the stream ends by any path. */
    protected void whenDone() {
    }

    protected final boolean isDone() {
        return done.get();
    }

    private void cancelUpstream() {
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
    }
}
