package io.zsync.streams.internal;

import io.zsync.TaskCancelledException;
import io.zsync.internal.flow.Demand;
import io.zsync.streams.AsyncIterator;
import io.zsync.streams.StreamFailedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** A Publisher's elements as a blocking iterator, with a bounded prefetch replenished in batches. */
public final class IteratorSubscriber<T> implements Subscriber<T>, AsyncIterator<T> {
    /*
     * Implementation notes.
     *
     * Roles: one producer (the upstream's signals, serial by §1.3) and one consumer (the iterating thread);
     * close() from any thread.
     * Buffer: a single-producer single-consumer ring of `mask + 1 >= prefetch` slots; a slot is null when empty.
     * The producer writes a slot with a volatile store and then reads `waiter`; the consumer writes `waiter` (volatile)
     * and then re-reads the slot (volatile): one of the two always sees the other, so no wake-up is lost (Dekker).
     * Demand: `requested` counts all the consumer has asked for; the producer counts what it received in
     * `produced` and fails the stream (§1.1) when that exceeds `requested`, so the ring can never overflow.
     * Terminal: `error` is written before `done` (volatile); the consumer drains the ring before it reports the end.
     * Calls on the subscription (§2.7: serially): the first request (from onSubscribe), the consumer's replenishing
     * requests and close()'s cancel may come from different threads at once, so each only records what it wants
     * (`toRequest`, `cancelWanted`) and the one that takes `signalling` from 0 makes the calls, in a loop, until no
     * one has asked for more.
     * close() is one CAS on `closed` (CLOSED), so the upstream is cancelled at most once however many threads close.
     * Maintenance: run AsyncIteratorTest, IteratorSignalsSeriallyTest and ProduceTest after a change (backpressure,
     * close, errors, interruption, a foreign over-emitting publisher).
     */

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(IteratorSubscriber.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object[] slots;
    private final int mask;
    private final int limit;                          // replenish after consuming this many: 75% of prefetch
    private volatile long requested;                  // all the consumer asked for; written by consumer, onSubscribe
    private long produced;                            // producer only
    private long producerIndex;                       // producer only
    private long consumerIndex;                       // consumer only
    private int consumed;                             // consumer only: consumed since the last request
    private @Nullable Object nextItem;                // consumer only: taken by hasNext, returned by next
    private volatile @Nullable Subscription upstream; // set by onSubscribe
    private final AtomicLong toRequest = new AtomicLong();           // demand not yet passed to the upstream
    private final AtomicInteger signalling = new AtomicInteger();    // owner of the calls on `upstream` (§2.7)
    private volatile boolean cancelWanted;            // cancel the upstream (close, overflow)
    private boolean cancelSent;                       // signalling owner only
    private volatile @Nullable Thread waiter;         // the parked consumer, or null
    private volatile boolean done;                    // upstream terminated (or overflowed); `error` written before
    private @Nullable Throwable error;
    private volatile boolean closed;                  // close() (CAS via CLOSED) or the end seen: stop iterating

    private final Launcher launcher;                  // where undeliverable errors go

    private IteratorSubscriber(int prefetch, Launcher launcher) {
        this.launcher = launcher;
        int capacity = Integer.highestOneBit(Math.max(1, prefetch - 1)) << 1;
        this.slots = new Object[capacity];
        this.mask = slots.length - 1;
        this.limit = Math.max(1, prefetch - (prefetch >> 2));
        this.requested = prefetch;
        this.toRequest.set(prefetch);
    }

    /** Subscribes an iterator with {@code prefetch} (1 or more) to {@code source}. */
    public static <T> IteratorSubscriber<T> subscribe(Publisher<? extends T> source, int prefetch, Launcher launcher) {
        IteratorSubscriber<T> it = new IteratorSubscriber<>(prefetch, launcher);
        source.subscribe(it);
        return it;
    }

    // ---- producer side: the upstream's signals ----

    @Override
    public void onSubscribe(Subscription s) {
        if (upstream != null) {
            s.cancel();   // §2.5
            launcher.undeliverable(Demand.duplicateSubscription("an iterator"));
            return;
        }
        upstream = s;
        signal();   // the prefetch, or the cancel of an iterator closed already
    }

    /** Makes the calls on the upstream that were asked for, one thread at a time (§2.7). */
    private void signal() {
        if (signalling.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Subscription s = upstream;
            if (s != null && !cancelSent) {
                if (cancelWanted) {
                    cancelSent = true;
                    s.cancel();
                } else {
                    long n = toRequest.getAndSet(0);
                    if (n > 0) {
                        s.request(n);
                    }
                }
            }
            missed = signalling.addAndGet(-missed);
        } while (missed != 0);
    }

    private void cancelUpstream() {
        cancelWanted = true;
        signal();
    }

    @Override
    public void onNext(T item) {
        if (done) {
            return;
        }
        if (++produced > requested) {
            cancelUpstream();
            finish(Demand.overflow("an iterator"));
            return;
        }
        SLOTS.setVolatile(slots, (int) producerIndex++ & mask, item);
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    @Override
    public void onError(Throwable t) {
        finish(t);
    }

    @Override
    public void onComplete() {
        finish(null);
    }

    private void finish(@Nullable Throwable t) {
        if (done) {
            return;
        }
        error = t;
        done = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    // ---- consumer side ----

    @Override
    public boolean hasNext() {
        if (closed) {
            nextItem = null;
            return false;
        }
        if (nextItem != null) {
            return true;
        }
        int round = 0;
        for (;;) {
            int index = (int) consumerIndex & mask;
            Object item = SLOTS.getAcquire(slots, index);
            if (item != null) {
                SLOTS.setOpaque(slots, index, null);
                consumerIndex++;
                nextItem = item;
                if (++consumed == limit) {
                    replenish();
                }
                return true;
            }
            if (done) {
                if (SLOTS.getVolatile(slots, index) != null) {
                    continue;   // published before `done`: drain it first
                }
                Throwable t = error;
                closed = true;
                if (t != null) {
                    throw new StreamFailedException(t);
                }
                return false;
            }
            if (closed) {
                return false;
            }
            if (!Idle.pause(round++)) {
                park(index);
            }
        }
    }

    private void park(int index) {
        waiter = Thread.currentThread();
        if (SLOTS.getVolatile(slots, index) == null && !done && !closed) {
            LockSupport.park(this);
        }
        waiter = null;
        if (Thread.currentThread().isInterrupted()) {
            throw cancelledWhileWaiting();
        }
    }

    private void replenish() {
        int n = consumed;
        consumed = 0;
        if (Thread.currentThread().isInterrupted()) {
            throw cancelledWhileWaiting();
        }
        requested += n;   // the consumer is the only writer after the constructor
        Demand.add(toRequest, n);
        signal();
    }

    private TaskCancelledException cancelledWhileWaiting() {
        close();
        return new TaskCancelledException("iteration interrupted: the consuming thread (or its task) was cancelled,"
                + " so the upstream was cancelled; let this exception propagate so the task can finish");
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended (or the iterator was closed): call hasNext()"
                    + " before next()");
        }
        Object item = nextItem;
        nextItem = null;
        return (T) item;
    }

    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;   // closed already (or ended): one cancel at most
        }
        cancelUpstream();
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}
