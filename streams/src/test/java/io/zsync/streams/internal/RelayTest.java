package io.zsync.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ZsyncRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Relay's terminal transition: one compare-and-set, so whenDone and the upstream's cancel run once. */
@Timeout(60)
class RelayTest {
    private static final int ROUNDS = 20_000;

    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.builder()
            .uncaughtHandler((t, e) -> reported.add(e)).build());
    private final Launcher launcher = launcherOf(runtime);

    @AfterEach
    void close() {
        runtime.close();
    }

    private static Launcher launcherOf(ZsyncRuntime runtime) {
        try {
            return runtime.spawn(Launcher::current).await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A relay that passes elements on and counts its whenDone calls. */
    private static final class Counting extends Relay<Integer, Integer> {
        final AtomicInteger whenDone = new AtomicInteger();

        Counting(Subscriber<? super Integer> subscriber, Launcher launcher) {
            super(subscriber, "counting", launcher);
        }

        @Override
        protected void handle(Integer item) {
            downstream.next(item);
        }

        @Override
        protected void whenDone() {
            whenDone.incrementAndGet();
        }

        void timerFires() {
            fail(new TimeoutException("the timer fired"));
        }
    }

    private static final class Upstream implements Subscription {
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    private static final class Terminals implements Subscriber<Integer> {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onSubscribe(Subscription s) {
        }

        @Override
        public void onNext(Integer item) {
        }

        @Override
        public void onError(Throwable t) {
            count.incrementAndGet();
        }

        @Override
        public void onComplete() {
            count.incrementAndGet();
        }
    }

    @Test
    void aTimerFailureRacingCancelRunsWhenDoneAndCancelsTheUpstreamOnce() throws InterruptedException {
        AtomicReference<Counting> current = new AtomicReference<>();
        runRace(current, c -> c.timerFires(), Counting::cancel);
    }

    @Test
    void aTimerFailureRacingOnCompleteRunsWhenDoneOnce() throws InterruptedException {
        AtomicReference<Counting> current = new AtomicReference<>();
        runRace(current, c -> c.timerFires(), Counting::onComplete);
    }

    @Test
    void onCompleteRacingCancelRunsWhenDoneOnce() throws InterruptedException {
        AtomicReference<Counting> current = new AtomicReference<>();
        runRace(current, Counting::onComplete, Counting::cancel);
    }

    private void runRace(AtomicReference<Counting> current, Consumer<Counting> a,
                         Consumer<Counting> b) throws InterruptedException {
        AtomicReference<Upstream> upstream = new AtomicReference<>();
        AtomicReference<Terminals> terminals = new AtomicReference<>();
        Races.race(ROUNDS, () -> {
            terminals.set(new Terminals());
            current.set(new Counting(terminals.get(), launcher));
            upstream.set(new Upstream());
            current.get().onSubscribe(upstream.get());
        }, () -> a.accept(current.get()), () -> b.accept(current.get()), () -> {
            assertEquals(1, current.get().whenDone.get(), "whenDone runs once");
            assertTrue(upstream.get().cancels.get() <= 1, "the upstream is cancelled at most once");
            assertTrue(terminals.get().count.get() <= 1, "at most one terminal signal");
        });
        for (Throwable t : reported) {
            assertTrue(t instanceof TimeoutException, "only the losing timer's failure is reported: " + t);
        }
    }
}
