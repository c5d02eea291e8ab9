package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;

@Timeout(30)
class ChannelTest {

    private static Thread startVirtual(Runnable r) {
        return Thread.ofVirtual().start(r);
    }

    @Test
    void sendAndRecvKeepFifoOrder() {
        Channel<Integer> c = Zsync.bounded(4);
        assertEquals(4, c.capacity());
        for (int i = 0; i < 4; i++) {
            c.send(i);
        }
        assertEquals(4, c.size());
        assertFalse(c.trySend(99), "full");
        for (int i = 0; i < 4; i++) {
            assertEquals(i, c.recv());
        }
        assertNull(c.tryRecv(), "empty");
        assertEquals(Integer.MAX_VALUE, Zsync.unbounded().capacity());
    }

    @Test
    void sendWaitsWhileFullAndRecvWaitsWhileEmpty() throws InterruptedException {
        Channel<String> c = Zsync.bounded(1);
        c.send("a");
        AtomicBoolean sent = new AtomicBoolean();
        Thread sender = startVirtual(() -> {
            c.send("b");
            sent.set(true);
        });
        Waits.untilParked(sender);
        assertFalse(sent.get(), "waits while full");
        assertEquals("a", c.recv());
        sender.join(10_000);
        assertTrue(sent.get());
        assertEquals("b", c.recv());
        AtomicReference<String> got = new AtomicReference<>();
        Thread receiver = startVirtual(() -> got.set(c.recv()));
        Waits.untilParked(receiver);
        assertNull(got.get(), "waits while empty");
        c.send("c");
        receiver.join(10_000);
        assertEquals("c", got.get());
    }

    @Test
    void timeoutsReturnWithoutTakingOrAdding() {
        Channel<String> c = Zsync.bounded(1);
        assertNull(c.recv(Duration.ofMillis(10)));
        assertTrue(c.send("a", Duration.ofMillis(10)));
        assertFalse(c.send("b", Duration.ofMillis(10)));
        assertFalse(c.send("b", Duration.ZERO));
        assertEquals(1, c.size());
        assertEquals("a", c.recv(Duration.ofSeconds(1)));
        assertNull(c.tryRecv(), "the timed-out b was never added");
    }

    @Test
    void closeLetsReceiversDrainThenEnds() {
        Channel<Integer> c = Zsync.bounded(8);
        c.send(1);
        c.send(2);
        c.close();
        c.close();   // idempotent
        assertTrue(c.isClosed());
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> c.send(3));
        assertTrue(e.getMessage().contains("send on a closed channel"), e.getMessage());
        assertFalse(c.trySend(3));
        List<Integer> got = new ArrayList<>();
        for (int x : c) {
            got.add(x);
        }
        assertEquals(List.of(1, 2), got);
        ChannelClosedException end = assertThrows(ChannelClosedException.class, c::recv);
        assertNull(end.getCause());
        assertNull(c.tryRecv());
    }

    @Test
    void closeWithCauseDeliversTheCauseAfterTheBuffer() {
        Channel<Integer> c = Zsync.unbounded();
        c.send(1);
        IllegalStateException cause = new IllegalStateException("producer failed");
        c.close(cause);
        assertEquals(1, c.recv());
        assertSame(cause, assertThrows(ChannelClosedException.class, c::recv).getCause());
        Channel<Integer> d = Zsync.bounded(2);
        d.send(7);
        d.close(cause);
        List<Integer> got = new ArrayList<>();
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> {
            for (int x : d) {
                got.add(x);
            }
        });
        assertEquals(List.of(7), got);
        assertSame(cause, e.getCause());
        assertThrows(NullPointerException.class, () -> d.close(null));
    }

    @Test
    void closeWakesWaitingSendersAndReceivers() throws InterruptedException {
        Channel<Integer> full = Zsync.bounded(1);
        full.send(0);
        AtomicReference<Throwable> senderSaw = new AtomicReference<>();
        Thread sender = startVirtual(() -> {
            try {
                full.send(1);
            } catch (Throwable e) {
                senderSaw.set(e);
            }
        });
        Channel<Integer> empty = Zsync.bounded(1);
        AtomicReference<Throwable> receiverSaw = new AtomicReference<>();
        Thread receiver = startVirtual(() -> {
            try {
                empty.recv();
            } catch (Throwable e) {
                receiverSaw.set(e);
            }
        });
        Waits.untilParked(sender);
        Waits.untilParked(receiver);
        full.close();
        empty.close();
        sender.join(10_000);
        receiver.join(10_000);
        assertInstanceOf(ChannelClosedException.class, senderSaw.get());
        assertInstanceOf(ChannelClosedException.class, receiverSaw.get());
        assertEquals(0, full.recv(), "the waiting sender's element was not added");
        assertThrows(ChannelClosedException.class, full::recv);
    }

    @Test
    void anInterruptedWaitLosesNothingAndAddsNothing() throws InterruptedException {
        Channel<Integer> c = Zsync.bounded(1);
        c.send(0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread sender = startVirtual(() -> {
            try {
                c.send(1);
            } catch (TaskCancelledException e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        Waits.untilParked(sender);
        sender.interrupt();
        sender.join(10_000);
        assertInstanceOf(TaskCancelledException.class, thrown.get());
        assertTrue(flagKept.get());
        assertEquals(0, c.recv());
        assertNull(c.tryRecv(), "the interrupted send added nothing");
        Thread receiver = startVirtual(() -> {
            try {
                c.recv();
            } catch (TaskCancelledException e) {
                thrown.set(e);
            }
        });
        Waits.untilParked(receiver);
        receiver.interrupt();
        receiver.join(10_000);
        c.send(5);
        assertEquals(5, c.recv(), "the interrupted recv took nothing");
    }

    @Test
    void badInputGetsClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zsync.bounded(-3));
        assertTrue(e.getMessage().contains("capacity must be >= 0 but was -3; use Zsync.rendezvous()"),
                e.getMessage());
        assertEquals(0, Zsync.bounded(0).capacity(), "bounded(0) is a rendezvous channel");
        Channel<String> c = Zsync.bounded(1);
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertThrows(NullPointerException.class, () -> c.onNext(null));
        assertThrows(NullPointerException.class, () -> c.subscribe((Subscriber<String>) null));
        assertEquals(0, c.size(), "nothing was added");
    }

    @Test
    void reactorReadsAChannelAndAChannelReadsReactor() {
        Channel<Integer> source = Zsync.unbounded();
        for (int i = 0; i < 100; i++) {
            source.send(i);
        }
        source.close();
        assertEquals(4950, Flux.from(source).reduce(0, Integer::sum).block(Duration.ofSeconds(10)));

        Channel<Integer> sink = Zsync.bounded(8);
        Flux.range(0, 1000).subscribe(sink);
        int sum = 0;
        for (int x : sink) {
            sum += x;
        }
        assertEquals(499500, sum);
        Channel<Integer> failing = Zsync.bounded(8);
        Flux.<Integer>error(new IllegalStateException("upstream broke")).subscribe(failing);
        assertEquals("upstream broke", assertThrows(ChannelClosedException.class, failing::recv).getCause()
                .getMessage());
    }

    @Test
    void severalSubscribersShareTheElementsEachExactlyOnce() throws InterruptedException {
        Channel<Integer> c = Zsync.bounded(16);
        List<Integer> a = new CopyOnWriteArrayList<>();
        List<Integer> b = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        Flux.from(c).doOnNext(a::add).doFinally(s -> done.countDown()).subscribe();
        Flux.from(c).doOnNext(b::add).doFinally(s -> done.countDown()).subscribe();
        for (int i = 0; i < 1000; i++) {
            c.send(i);
        }
        c.close();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(null);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertEquals(expected, all);
    }

    @Test
    void requestZeroSignalsIllegalArgumentPerRule309() throws InterruptedException {
        Channel<Integer> c = Zsync.bounded(4);
        c.send(1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch terminated = new CountDownLatch(1);
        c.subscribe(new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(0);
            }

            @Override
            public void onNext(Integer x) {
                error.set(new AssertionError("no element after a bad request"));
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
                terminated.countDown();
            }

            @Override
            public void onComplete() {
                terminated.countDown();
            }
        });
        assertTrue(terminated.await(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, error.get());
        assertTrue(error.get().getMessage().startsWith("§3.9 violated: positive request amount required but it was 0"));
        assertEquals(1, c.recv(), "the element the bad subscriber did not take is still there");
    }

    @Test
    void aSecondOnSubscribeIsCancelledAndReportedPerRule25() throws InterruptedException {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.add(e));
        try {
            Channel<Integer> c = Zsync.bounded(4);
            AtomicBoolean firstCancelled = new AtomicBoolean();
            AtomicBoolean secondCancelled = new AtomicBoolean();
            c.onSubscribe(subscription(firstCancelled, new AtomicInteger()));
            c.onSubscribe(subscription(secondCancelled, new AtomicInteger()));
            assertFalse(firstCancelled.get());
            assertTrue(secondCancelled.get());
            assertEquals(1, reported.size());
            assertTrue(reported.get(0).getMessage().startsWith("§2.5 violated"), reported.get(0).getMessage());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void anUpstreamThatSendsWithoutDemandIsCancelledAndTheChannelFails() {
        Channel<Integer> c = Zsync.bounded(2);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger requested = new AtomicInteger();
        c.onSubscribe(subscription(cancelled, requested));
        assertEquals(2, requested.get(), "asks for what fits");
        c.onNext(1);
        c.onNext(2);
        c.onNext(3);   // never asked for
        assertTrue(cancelled.get());
        assertEquals(1, c.recv());
        assertEquals(2, c.recv());
        ChannelClosedException e = assertThrows(ChannelClosedException.class, c::recv);
        assertTrue(e.getCause().getMessage().startsWith("§1.1 violated"), e.getCause().getMessage());
    }

    @Test
    void upstreamDemandNeverExceedsFreeCapacityAndSendersCountAgainstIt() {
        Channel<Integer> c = Zsync.bounded(8);
        AtomicInteger requested = new AtomicInteger();
        c.onSubscribe(subscription(new AtomicBoolean(), requested));
        assertEquals(8, requested.get());
        assertFalse(c.trySend(9), "all room is reserved for the upstream's outstanding demand");
        c.onNext(0);
        c.onNext(1);
        assertEquals(0, c.recv());
        assertEquals(8, requested.get(), "one slot free: below the batch (a quarter of the capacity)");
        assertEquals(1, c.recv());
        assertEquals(10, requested.get(), "two slots free: requested");
    }

    @Test
    void theLastSubscriberCancellingCancelsTheUpstreamAndCloses() {
        Channel<Integer> c = Zsync.bounded(4);
        AtomicBoolean upstreamCancelled = new AtomicBoolean();
        c.onSubscribe(subscription(upstreamCancelled, new AtomicInteger()));
        AtomicReference<Subscription> downstream = new AtomicReference<>();
        c.subscribe(new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                downstream.set(s);
            }

            @Override
            public void onNext(Integer x) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        downstream.get().cancel();
        assertTrue(upstreamCancelled.get());
        assertTrue(c.isClosed());
    }

    private static Subscription subscription(AtomicBoolean cancelled, AtomicInteger requested) {
        return new Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet((int) n);
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        };
    }

    static Publisher<Integer> unused() {
        return Flux.empty();
    }
}
