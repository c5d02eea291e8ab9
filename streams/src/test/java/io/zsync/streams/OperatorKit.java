package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ZsyncRuntime;
import io.zsync.streams.internal.Races;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The shared test kit of the per-operator test classes: a runtime whose uncaught handler records what reaches it
 * (the pipelines under test are assembled in it, so that is where their undeliverable errors must go), an
 * {@link Upstream} the test drives signal by signal, and the checks every operator's class runs: a cancel racing
 * onNext, a second onSubscribe (§2.5), request(0) (§3.9), a late error, an upstream that emits without demand
 * (§1.1).
 *
 * <p>Each check takes the operator as a function from an upstream to the pipeline under test, applied inside the
 * kit's runtime.
 */
final class OperatorKit implements AutoCloseable {
    /** Failures that reached the handler of the runtime the pipelines were built in. */
    final List<Throwable> reported = new CopyOnWriteArrayList<>();
    final ZsyncRuntime runtime = ZsyncRuntime.create(Config.builder()
            .uncaughtHandler((thread, failure) -> reported.add(failure)).build());

    @Override
    public void close() {
        runtime.close();
    }

    /** Runs {@code assembly} in a task of the kit's runtime: the pipeline takes that runtime's handler and tasks. */
    <T> T build(Callable<T> assembly) {
        try {
            return runtime.spawn(assembly).await();
        } catch (Exception e) {
            throw new AssertionError("assembly failed", e);
        }
    }

    /** Applies {@code operator} to {@code upstream} inside the kit's runtime. */
    @SuppressWarnings("unchecked")
    Publisher<Object> apply(Function<Publisher<Integer>, ? extends Publisher<?>> operator,
                            Publisher<Integer> upstream) {
        return (Publisher<Object>) build(() -> operator.apply(upstream));
    }

    /** Waits (a hang guard) until {@code n} failures were reported, and returns them. */
    List<Throwable> awaitReported(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reported.size() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("expected " + n + " reported failures, got " + reported);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return List.copyOf(reported);
    }

    // ---- the checks ----

    /** §2.5: a second onSubscribe cancels the new subscription and reports the violation; the stream goes on. */
    void secondOnSubscribeIsCancelledAndReported(Function<Publisher<Integer>, ? extends Publisher<?>> operator) {
        Upstream<Integer> up = new Upstream<>();
        Recorder<Object> r = new Recorder<>(0);
        apply(operator, up).subscribe(r);
        up.awaitSubscribed();
        AtomicInteger secondCancelled = new AtomicInteger();
        up.subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                secondCancelled.incrementAndGet();
            }
        });
        assertEquals(1, secondCancelled.get(), "§2.5: the second subscription is cancelled");
        Throwable report = awaitReported(1).get(0);
        assertInstanceOf(IllegalStateException.class, report);
        assertTrue(report.getMessage().contains("§2.5"), report.getMessage());
        assertEquals(0, up.cancels.get(), "the first subscription lives on");
        r.subscription.cancel();
    }

    /** §3.9: request(0) fails the stream with an IllegalArgumentException and stops the upstream. */
    void requestZeroFails(Function<Publisher<Integer>, ? extends Publisher<?>> operator) throws InterruptedException {
        Upstream<Integer> up = new Upstream<>();
        Recorder<Object> r = new Recorder<>(0);
        apply(operator, up).subscribe(r);
        r.subscription.request(0);
        r.await();
        assertInstanceOf(IllegalArgumentException.class, r.error);
        assertTrue(r.error.getMessage().contains("§3.9"), r.error.getMessage());
        assertEquals(List.of(), reported);
    }

    /**
     * An error the upstream sends after it completed, from a thread that is no task (as a Reactor scheduler's), goes
     * to the handler of the runtime that built the pipeline.
     */
    void lateErrorReachesTheHandler(Function<Publisher<Integer>, ? extends Publisher<?>> operator)
            throws InterruptedException {
        Upstream<Integer> up = new Upstream<>();
        Recorder<Object> r = new Recorder<>(Long.MAX_VALUE);
        apply(operator, up).subscribe(r);
        up.awaitSubscribed();
        up.subscriber.onComplete();
        r.await();
        IllegalStateException late = new IllegalStateException("late");
        Thread foreign = new Thread(() -> up.subscriber.onError(late), "a foreign scheduler");
        foreign.start();
        foreign.join();
        assertEquals(List.of(late), awaitReported(1));
        assertNull(r.error, "the subscriber saw only the end");
    }

    /** An error the upstream sends after the subscriber cancelled goes to the handler of the building runtime. */
    void errorAfterCancelReachesTheHandler(Function<Publisher<Integer>, ? extends Publisher<?>> operator)
            throws InterruptedException {
        Upstream<Integer> up = new Upstream<>();
        Recorder<Object> r = new Recorder<>(1);
        apply(operator, up).subscribe(r);
        up.awaitSubscribed();
        r.subscription.cancel();
        IllegalStateException late = new IllegalStateException("after cancel");
        Thread foreign = new Thread(() -> up.subscriber.onError(late), "a foreign scheduler");
        foreign.start();
        foreign.join();
        assertEquals(List.of(late), awaitReported(1));
        assertNull(r.error, "nothing reaches a cancelled subscriber");
    }

    /** §1.1: an upstream that emits without demand is cancelled and the stream fails with an IllegalStateException. */
    void emitWithoutDemandFails(Function<Publisher<Integer>, ? extends Publisher<?>> operator)
            throws InterruptedException {
        Misbehaving up = new Misbehaving(100);
        Recorder<Object> r = new Recorder<>(1);
        apply(operator, up).subscribe(r);
        r.await();
        assertInstanceOf(IllegalStateException.class, r.error, "received " + r.items);
        assertTrue(r.error.getMessage().contains("§1.1"), r.error.getMessage());
        assertTrue(up.cancelled, "the misbehaving upstream was cancelled");
        assertTrue(r.items.size() <= 1, "never more than requested: " + r.items);
    }

    /**
     * A cancel racing the upstream's onNext, many times: the upstream is cancelled, nothing reaches the handler, and
     * no signal follows a terminal one.
     */
    void cancelRacingOnNext(Function<Publisher<Integer>, ? extends Publisher<?>> operator) throws Exception {
        for (int round = 0; round < 500; round++) {
            Upstream<Integer> up = new Upstream<>();
            Strict<Object> r = new Strict<>();
            apply(operator, up).subscribe(r);
            up.awaitSubscribed();
            CyclicBarrier start = new CyclicBarrier(2);
            Thread emitter = new Thread(() -> {
                await(start);
                for (int i = 0; i < 20 && i < up.requested.get(); i++) {
                    up.subscriber.onNext(i);   // within demand: this check is about cancel, not §1.1
                }
            });
            emitter.start();
            await(start);
            r.subscription.cancel();
            emitter.join();
            assertTrue(up.cancels.get() >= 1, "round " + round + ": the upstream was cancelled");
            assertNull(r.violation, "round " + round);
        }
        assertEquals(List.of(), reported);
    }

    /** §3.9 for a source: request(0) fails the stream with an IllegalArgumentException. */
    void sourceRequestZeroFails(Callable<? extends Publisher<?>> source) throws InterruptedException {
        Recorder<Object> r = new Recorder<>(0);
        @SuppressWarnings("unchecked")
        Publisher<Object> p = (Publisher<Object>) build(source);
        p.subscribe(r);
        r.subscription.request(0);
        r.await();
        assertInstanceOf(IllegalArgumentException.class, r.error);
        assertTrue(r.error.getMessage().contains("§3.9"), r.error.getMessage());
        assertEquals(List.of(), reported);
    }

    /**
     * A cancel racing a source's emission (a request on one thread, a cancel on another), many times: nothing
     * reaches the handler and no signal follows a terminal one or overlaps another.
     */
    void sourceCancelRacingOnNext(Callable<? extends Publisher<?>> source) throws InterruptedException {
        AtomicReference<Strict<Object>> current = new AtomicReference<>();
        @SuppressWarnings("unchecked")
        Publisher<Object> p = (Publisher<Object>) build(source);
        Races.race(2_000, () -> {
            Strict<Object> r = new Strict<>(0);
            p.subscribe(r);
            current.set(r);
        }, () -> current.get().subscription.request(Long.MAX_VALUE), () -> current.get().subscription.cancel(),
                () -> assertNull(current.get().violation));
        assertEquals(List.of(), reported);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- the pieces ----

    /** A publisher the test drives: it hands out its (one) subscriber and counts requests and cancels. */
    static final class Upstream<T> implements Publisher<T> {
        volatile Subscriber<? super T> subscriber;
        final AtomicLong requested = new AtomicLong();
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public void subscribe(Subscriber<? super T> s) {
            subscriber = s;
            s.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    requested.addAndGet(n);
                }

                @Override
                public void cancel() {
                    cancels.incrementAndGet();
                }
            });
        }

        void awaitSubscribed() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (subscriber == null) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("nobody subscribed");
                }
                Thread.onSpinWait();
            }
        }
    }

    /** A subscriber that requests everything and records the first protocol violation it sees (§1.3, §1.7). */
    static final class Strict<T> implements Subscriber<T> {
        private final long initial;
        volatile Subscription subscription;
        volatile String violation;
        private final AtomicInteger inside = new AtomicInteger();
        private volatile boolean terminated;

        Strict() {
            this(Long.MAX_VALUE);
        }

        Strict(long initial) {
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
            signal("onNext");
        }

        @Override
        public void onError(Throwable t) {
            signal("onError " + t);
            terminated = true;
        }

        @Override
        public void onComplete() {
            signal("onComplete");
            terminated = true;
        }

        private void signal(String what) {
            if (inside.getAndIncrement() != 0) {
                violation = "§1.3: " + what + " overlapped another signal";
            }
            if (terminated) {
                violation = "§1.7: " + what + " after the terminal signal";
            }
            inside.decrementAndGet();
        }
    }
}
