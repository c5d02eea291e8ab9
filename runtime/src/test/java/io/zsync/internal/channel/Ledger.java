package io.zsync.internal.channel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * What the subscription model-checking tests keep: which values were sent, delivered and taken, the first breach
 * seen, and subscribers that check what reaches them. Thread t sends t * PER_SLOT, t * PER_SLOT + 1, ..., so a
 * value says its sender and its place in that sender's order.
 */
final class Ledger {
    static final int SLOTS = 4;
    private static final int PER_SLOT = 100;

    private volatile @Nullable String violation;
    final AtomicIntegerArray sent = new AtomicIntegerArray(SLOTS * PER_SLOT);
    private final AtomicIntegerArray delivered = new AtomicIntegerArray(SLOTS * PER_SLOT);
    private final AtomicIntegerArray taken = new AtomicIntegerArray(SLOTS * PER_SLOT);
    private final int[] nextValue = new int[SLOTS];   // slot t: used by thread t only

    void violated(String what) {
        if (violation == null) {
            violation = what;
        }
    }

    /** Each operation ends here: a breach seen by anyone fails it (the sequential run never throws). */
    void check() {
        String v = violation;
        if (v != null) {
            throw new IllegalStateException(v);
        }
    }

    /** The next value of thread {@code thread}'s sends. */
    int next(int thread) {
        return thread * PER_SLOT + nextValue[thread]++;
    }

    void trySend(AbstractChannel<Integer> channel, int thread) {
        int v = next(thread);
        if (channel.trySend(v)) {
            sent.incrementAndGet(v);
        }
    }

    void tryRecv(AbstractChannel<Integer> channel) {
        Integer v = channel.tryRecv();
        if (v != null) {
            taken.incrementAndGet(v);
        }
    }

    /** Once all is quiet: takes what the channel still holds, then every value sent arrived exactly once. */
    void balance(AbstractChannel<Integer> channel) {
        while (channel.tryRecv() instanceof Integer v) {
            taken.incrementAndGet(v);
        }
        for (int i = 0; i < SLOTS * PER_SLOT; i++) {
            if (sent.get(i) != delivered.get(i) + taken.get(i)) {   // each value is offered once
                throw new IllegalStateException("element " + i + ": sent " + sent.get(i) + " times, delivered "
                        + delivered.get(i) + ", taken " + taken.get(i));
            }
        }
    }

    /** A subscriber that checks what reaches it; its counts are touched by the drain loop only, which is serial. */
    final class Recorder implements Subscriber<Integer> {
        private final String name;
        private final int[] lastFrom = {-1, -1, -1, -1};   // slot t: the last of thread t's values seen
        private final AtomicInteger requested = new AtomicInteger();
        private @Nullable Subscription subscription;
        private int deliveredCount;
        volatile boolean cancelled;
        volatile boolean completed;

        Recorder(String name, AbstractChannel<Integer> channel) {
            this.name = name;
            channel.subscribe(this);   // onSubscribe runs inside
        }

        void request() {
            requested.incrementAndGet();   // before the call: its element may arrive inside it
            java.util.Objects.requireNonNull(subscription).request(1);
        }

        void cancel() {
            cancelled = true;
            java.util.Objects.requireNonNull(subscription).cancel();
        }

        /** Live and still owed elements: once all is quiet, something must be on its way, or it was lost. */
        boolean waitsWithDemand() {
            return !cancelled && !completed && deliveredCount < requested.get();
        }

        String demand() {
            return name + " has " + deliveredCount + " of " + requested.get() + " requested";
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(Integer v) {
            int slot = v / PER_SLOT;
            if (completed) {
                violated(name + ": onNext(" + v + ") after onComplete");
            }
            if (delivered.getAndIncrement(v) != 0) {
                violated("delivered " + v + " twice");
            }
            if (v <= lastFrom[slot]) {
                violated(name + " got " + v + " after " + lastFrom[slot] + ", which its sender sent later");
            }
            lastFrom[slot] = v;
            if (++deliveredCount > requested.get()) {
                violated(name + " got " + deliveredCount + " elements, more than the " + requested.get()
                        + " requested");
            }
        }

        @Override
        public void onError(Throwable t) {
            violated(name + ": onError " + t);
        }

        @Override
        public void onComplete() {
            if (completed) {
                violated(name + " completed twice");
            }
            completed = true;
        }
    }
}
