package io.zsync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;

/** A channel of capacity 0: hand-offs between waiting senders and receivers, the end, timeouts, interrupts. */
@Timeout(60)
class RendezvousChannelTest {


    @Test
    void isAChannelOfCapacityZero() {
        Channel<String> c = Zsync.rendezvous();
        assertEquals(0, c.capacity());
        assertEquals(0, c.size());
        assertEquals(0, Zsync.<String>bounded(0).capacity());
        assertEquals("Channel[rendezvous]", c.toString());
    }

    @Test
    void trySendAndTryRecvSucceedOnlyWithAWaitingCounterpart() throws Exception {
        Channel<String> c = Zsync.rendezvous();
        assertFalse(c.trySend("nobody waits"), "no receiver waits: trySend fails");
        assertNull(c.tryRecv(), "no sender waits: tryRecv finds nothing");

        AtomicReference<String> got = new AtomicReference<>();
        Thread receiver = Waits.start(() -> got.set(c.recv()));
        Waits.untilParked(receiver);
        assertTrue(c.trySend("handed"), "a receiver waits: trySend hands the element over");
        receiver.join(10_000);
        assertEquals("handed", got.get());

        Thread sender = Waits.start(() -> c.send("offered"));
        Waits.untilParked(sender);
        assertEquals("offered", c.tryRecv(), "a sender waits: tryRecv takes its element");
        sender.join(10_000);
        assertFalse(sender.isAlive());
    }

    @Test
    void sendReturnsOnlyOnceAReceiverTookTheElement() throws Exception {
        Channel<Integer> c = Zsync.rendezvous();
        CountDownLatch sent = new CountDownLatch(1);
        Thread sender = Waits.start(() -> {
            c.send(7);
            sent.countDown();
        });
        Waits.untilParked(sender);
        assertFalse(sent.await(50, TimeUnit.MILLISECONDS), "send must wait for a receiver");
        assertEquals(7, c.recv());
        assertTrue(sent.await(10, TimeUnit.SECONDS), "the receiver took it: send returns");
    }

    @Test
    void manySendersAndReceiversMeetInPairs() throws Exception {
        Channel<Integer> c = Zsync.rendezvous();
        int n = 2_000;
        List<Integer> got = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * n;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) {
                    c.send(base + i);
                }
            }));
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) {
                    got.add(c.recv());
                }
            }));
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), "a party is stuck: " + t);
        }
        assertEquals(4 * n, got.size());
        assertEquals(4 * n, got.stream().distinct().count(), "each element received exactly once");
    }

    @Test
    void timedWaitsGiveUpLeavingNoTrace() throws Exception {
        Channel<String> c = Zsync.rendezvous();
        assertFalse(c.send("x", Duration.ofMillis(20)), "no receiver came");
        assertNull(c.recv(Duration.ofMillis(20)), "no sender came");
        assertInstanceOf(ChannelResult.Empty.class, c.recvCatching(Duration.ofMillis(20)));
        assertInstanceOf(ChannelResult.Empty.class, c.recvCatching(Duration.ZERO));
        // the timed-out parties left nothing behind: a new pair meets normally
        AtomicReference<String> got = new AtomicReference<>();
        Thread receiver = Waits.start(() -> got.set(c.recv()));
        Waits.untilParked(receiver);
        c.send("y");
        receiver.join(10_000);
        assertEquals("y", got.get());
        assertNull(c.tryRecv(), "the timed-out send's element was never in the channel");
    }

    @Test
    void closeFailsWaitingSendersAndEndsWaitingReceivers() throws Exception {
        Channel<String> c = Zsync.rendezvous();
        AtomicReference<Throwable> senderSaw = new AtomicReference<>();
        Thread sender = Waits.start(() -> {
            try {
                c.send("never taken");
            } catch (Throwable e) {
                senderSaw.set(e);
            }
        });
        Waits.untilParked(sender);
        IllegalStateException cause = new IllegalStateException("failed on purpose");
        assertTrue(c.close(cause), "the first close closes");
        assertFalse(c.close(new IllegalStateException("second")), "a second close reports that it did nothing");
        sender.join(10_000);
        assertInstanceOf(ChannelClosedException.class, senderSaw.get(), "a waiting sender fails at close");
        assertEquals(cause, senderSaw.get().getCause());
        ChannelResult<String> end = c.recvCatching();
        assertEquals(new ChannelResult.Closed<String>(cause), end);
        assertThrows(ChannelClosedException.class, c::recv);
        assertThrows(ChannelClosedException.class, () -> c.send("late"));
        assertFalse(c.trySend("late"));
    }

    @Test
    void closeWakesAWaitingReceiverWithTheEnd() throws Exception {
        Channel<String> c = Zsync.rendezvous();
        AtomicReference<ChannelResult<String>> got = new AtomicReference<>();
        Thread receiver = Waits.start(() -> got.set(c.recvCatching()));
        Waits.untilParked(receiver);
        c.close();
        receiver.join(10_000);
        assertEquals(new ChannelResult.Closed<String>(null), got.get());
        List<String> rest = new ArrayList<>();
        c.forEach(rest::add);
        assertTrue(rest.isEmpty(), "for-each ends at once on a closed channel");
    }

    @Test
    void anInterruptedSendSendsNothingAndAnInterruptedRecvTakesNothing() throws Exception {
        Channel<String> c = Zsync.rendezvous();
        AtomicReference<Throwable> sendSaw = new AtomicReference<>();
        Thread sender = Waits.start(() -> {
            try {
                c.send("withdrawn");
            } catch (Throwable e) {
                sendSaw.set(e);
            }
        });
        Waits.untilParked(sender);
        sender.interrupt();
        sender.join(10_000);
        assertInstanceOf(TaskCancelledException.class, sendSaw.get());
        assertFalse(c.trySend("no receiver"), "the interrupted send left no receiver behind");

        AtomicReference<Throwable> recvSaw = new AtomicReference<>();
        Thread receiver = Waits.start(() -> {
            try {
                c.recv();
            } catch (Throwable e) {
                recvSaw.set(e);
            }
        });
        Waits.untilParked(receiver);
        receiver.interrupt();
        receiver.join(10_000);
        assertInstanceOf(TaskCancelledException.class, recvSaw.get());
        assertFalse(c.trySend("nobody"), "the interrupted receiver is gone");
        assertNull(c.tryRecv(), "and the interrupted sender's element never entered");
    }

    @Test
    void reactorReadsARendezvousChannel() throws Exception {
        Channel<Integer> c = Zsync.rendezvous();
        Thread producer = Thread.ofVirtual().start(() -> {
            try (c) {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
            }
        });
        List<Integer> got = Flux.from(c).collectList().block(Duration.ofSeconds(30));
        producer.join(10_000);
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i), "in order, one sender");
        }
    }

    @Test
    void asASubscriberItRequestsOnlyForWaitingReceivers() throws Exception {
        Channel<Integer> c = Zsync.rendezvous();
        AtomicInteger requested = new AtomicInteger();
        Flux.range(0, 1_000).doOnRequest(n -> requested.addAndGet((int) Math.min(n, Integer.MAX_VALUE)))
                .subscribe(c);
        assertEquals(0, requested.get(), "nobody receives yet: nothing is requested");
        int sum = 0;
        int count = 0;
        for (int v : c) {
            sum += v;
            count++;
            assertTrue(requested.get() <= count + 1, "demand follows receivers: " + requested.get() + " requested"
                    + " after " + count + " received");
        }
        assertEquals(1_000, count);
        assertEquals(999 * 1_000 / 2, sum);
    }

    @Test
    void aSubscriberWaitsOnlyWhileItHasDemand() throws Exception {
        Channel<Integer> c = Zsync.rendezvous();
        CountDownLatch subscribed = new CountDownLatch(1);
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        c.subscribe(new Subscriber<Integer>() {
            @Override
            public void onSubscribe(Subscription s) {
                subscription.set(s);
                s.request(1);
                subscribed.countDown();
            }

            @Override
            public void onNext(Integer v) {
                seen.add(v);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        assertTrue(subscribed.await(10, TimeUnit.SECONDS));
        assertTrue(c.trySend(1), "the subscriber with demand waits: the element is handed to it");
        assertEquals(List.of(1), seen);
        assertFalse(c.trySend(2), "its demand is used up: it no longer waits");
        subscription.get().cancel();
        assertFalse(c.trySend(3), "cancelled: nobody waits");
        assertNull(c.tryRecv());
    }
}
