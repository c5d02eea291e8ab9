package io.zsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import io.zsync.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Select over rendezvous channels: on the receiving side, the sending side, and select against select. */
@Timeout(60)
class RendezvousSelectTest {


    @Test
    void aSelectReceivesFromAWaitingSenderAndFromOneThatComesLater() throws Exception {
        Channel<String> a = Zsync.rendezvous();
        Channel<String> b = Zsync.rendezvous();
        Thread sender = Waits.start(() -> b.send("from b"));
        Waits.untilParked(sender);
        String got = Zsync.<String>select().onRecv(a, v -> "a:" + v).onRecv(b, v -> "b:" + v).await();
        assertEquals("b:from b", got, "the waiting sender is served at once");
        sender.join(10_000);

        AtomicReference<String> later = new AtomicReference<>();
        Thread selector = Waits.start(() -> later.set(Zsync.<String>select().onRecv(a, v -> "a:" + v)
                .onRecv(b, v -> "b:" + v).await()));
        Waits.untilParked(selector);
        a.send("from a");   // returns only once the select took it
        selector.join(10_000);
        assertEquals("a:from a", later.get());
        assertFalse(b.trySend("x"), "the select left no receiver behind on b");
    }

    @Test
    void aSelectSendsToAWaitingReceiverAndToOneThatComesLater() throws Exception {
        Channel<Integer> a = Zsync.rendezvous();
        Channel<Integer> b = Zsync.rendezvous();
        AtomicReference<Integer> got = new AtomicReference<>();
        Thread receiver = Waits.start(() -> got.set(a.recv()));
        Waits.untilParked(receiver);
        String which = Zsync.<String>select().onSend(a, 1, () -> "a").onSend(b, 2, () -> "b").await();
        assertEquals("a", which);
        receiver.join(10_000);
        assertEquals(1, got.get());

        AtomicReference<String> sentTo = new AtomicReference<>();
        Thread selector = Waits.start(() -> sentTo.set(Zsync.<String>select().onSend(a, 1, () -> "a")
                .onSend(b, 2, () -> "b").await()));
        Waits.untilParked(selector);
        assertEquals(2, b.recv(), "the waiting select's element on b is taken");
        selector.join(10_000);
        assertEquals("b", sentTo.get());
        assertNull(a.tryRecv(), "the select's offer on a was withdrawn: a sent nothing");
    }

    @Test
    void aSelectThatSendsMeetsASelectThatReceives() throws Exception {
        for (int round = 0; round < 200; round++) {
            Channel<Integer> c = Zsync.rendezvous();
            Channel<Integer> nobodySends = Zsync.rendezvous();
            Channel<Integer> nobodyReceives = Zsync.rendezvous();
            AtomicReference<String> receiverSaw = new AtomicReference<>();
            Thread receiver = Waits.start(() -> receiverSaw.set(Zsync.<String>select()
                    .onRecv(c, v -> "got " + v).onRecv(nobodySends, v -> "wrong").await()));
            String senderSaw = Zsync.<String>select().onSend(c, round, () -> "sent")
                    .onSend(nobodyReceives, -1, () -> "wrong").await();
            receiver.join(10_000);
            assertFalse(receiver.isAlive());
            assertEquals("sent", senderSaw);
            assertEquals("got " + round, receiverSaw.get());
            assertNull(nobodyReceives.tryRecv(), "the sending select left nothing on the channel it did not use");
            assertFalse(nobodySends.trySend(0), "nor did the receiving select");
        }
    }

    @Test
    void aSelectNeverMeetsItself() {
        Channel<Integer> c = Zsync.rendezvous();
        String r = Zsync.<String>select().onSend(c, 1, () -> "sent to myself").onRecv(c, v -> "received " + v)
                .onTimeout(Duration.ofMillis(50), () -> "nobody else").await();
        assertEquals("nobody else", r);
        assertFalse(c.trySend(2), "the select left nothing queued");
        assertNull(c.tryRecv());
    }

    @Test
    void closeReachesASelectOnEitherSide() throws Exception {
        Channel<Integer> c = Zsync.rendezvous();
        AtomicReference<Throwable> sendSaw = new AtomicReference<>();
        Thread sender = Waits.start(() -> {
            try {
                Zsync.<String>select().onSend(c, 1, () -> "sent").await();
            } catch (Throwable e) {
                sendSaw.set(e);
            }
        });
        AtomicReference<String> recvSaw = new AtomicReference<>();
        Channel<Integer> d = Zsync.rendezvous();
        Thread receiver = Waits.start(() -> recvSaw.set(Zsync.<String>select().onRecv(d, v -> "got", () -> "ended")
                .await()));
        Waits.untilParked(sender);
        Waits.untilParked(receiver);
        c.close();
        d.close();
        sender.join(10_000);
        receiver.join(10_000);
        assertInstanceOf(ChannelClosedException.class, sendSaw.get());
        assertEquals("ended", recvSaw.get());
    }

    /**
     * Selects that send to either of two rendezvous channels against selects that receive from either, plus plain
     * parties on each: every element sent is received exactly once.
     */
    @Test
    void selectsOnBothSidesHandEveryElementOverExactlyOnce() throws Exception {
        Channel<Integer> a = Zsync.rendezvous();
        Channel<Integer> b = Zsync.rendezvous();
        int perSender = 5_000;
        int senders = 4;
        int total = perSender * senders;
        AtomicIntegerArray received = new AtomicIntegerArray(total);
        AtomicInteger count = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int base = s * perSender;
            boolean viaSelect = s % 2 == 0;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perSender; i++) {
                    Integer v = base + i;
                    if (viaSelect) {
                        Zsync.<Boolean>select().onSend(a, v, () -> true).onSend(b, v, () -> true).await();
                    } else if ((i & 1) == 0) {
                        a.send(v);
                    } else {
                        b.send(v);
                    }
                }
            }));
        }
        List<Thread> receivers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            boolean viaSelect = r % 2 == 0;
            receivers.add(Thread.ofVirtual().start(() -> {
                while (count.get() < total) {
                    Integer v = viaSelect
                            ? Zsync.<Integer>select().onRecv(a, x -> x).onRecv(b, x -> x)
                                    .onTimeout(Duration.ofMillis(20), () -> null).await()
                            : a.recv(Duration.ofMillis(5)) instanceof Integer x ? x : b.recv(Duration.ofMillis(5));
                    if (v != null) {
                        received.incrementAndGet(v);
                        count.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a sender is stuck");
        }
        for (Thread t : receivers) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a receiver is stuck");
        }
        for (int i = 0; i < total; i++) {
            assertEquals(1, received.get(i), "element " + i + " received " + received.get(i) + " times");
        }
        assertTrue(a.tryRecv() == null && b.tryRecv() == null);
    }
}
