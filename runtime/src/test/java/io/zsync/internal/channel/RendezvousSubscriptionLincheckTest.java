package io.zsync.internal.channel;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A subscription on a rendezvous channel under model checking: its drain loop (run by whoever requests, or by the
 * sender whose hand-off wakes it) against senders (both halves of a waiting send, as in RendezvousLincheckTest, and
 * trySend), a competing tryRecv, cancel and close. Delivery is asynchronous (a request made while another thread
 * runs the drain loop returns before its element arrives), so there is no sequential model to match; the operations
 * return nothing and the checker explores interleavings for these properties instead, any breach failing the
 * operation that sees it:
 * <ul>
 *   <li>each sender's elements reach the subscriber in the order it sent them (a sender's values increase), none
 *       twice, none after the end, and never more than requested (§1.1);</li>
 *   <li>once all is quiet, every element whose send succeeded was delivered, taken by tryRecv, or is still held by
 *       the channel (given back by a cancelled subscription), exactly once, and no other element was;</li>
 *   <li>once all is quiet, no sender waits and no element is held while the subscription has demand (a lost
 *       wake-up), and a closed, drained channel has completed its live subscriber.</li>
 * </ul>
 * The order property caught the drain loop delivering a sender's k + 1 before its k (see
 * ChannelSubscription.next()).
 */
@Timeout(300)
class RendezvousSubscriptionLincheckTest {

    @Param(name = "thread", gen = ThreadIdGen.class)
    public static final class Target {
        private static final int SLOTS = 4;
        private static final int PER_SLOT = 100;   // thread t sends t * PER_SLOT, t * PER_SLOT + 1, ...

        private volatile @Nullable String violation;
        private final RendezvousChannel<Integer> channel =
                RendezvousChannel.create((t, e) -> violated("reported to the handler: " + e));
        private final AtomicIntegerArray sent = new AtomicIntegerArray(SLOTS * PER_SLOT);
        private final AtomicIntegerArray delivered = new AtomicIntegerArray(SLOTS * PER_SLOT);
        private final AtomicIntegerArray taken = new AtomicIntegerArray(SLOTS * PER_SLOT);
        private final int[] nextValue = new int[SLOTS];                      // slot t: its next value's offset
        private final int[] lastDelivered = {-1, -1, -1, -1};                // slot t: the last of its values seen
        private final @Nullable Waiter[] sending = new Waiter[SLOTS];        // slot t: its queued send
        private final int[] offered = new int[SLOTS];                        // slot t: what its queued send offers
        private final Subscription subscription;
        private final AtomicInteger requested = new AtomicInteger();
        private volatile int deliveredCount;
        private volatile boolean cancelled;
        private volatile boolean completed;

        public Target() {
            Subscription[] got = new Subscription[1];
            channel.subscribe(new Subscriber<Integer>() {
                @Override
                public void onSubscribe(Subscription s) {
                    got[0] = s;
                }

                @Override
                public void onNext(Integer v) {
                    delivered(v);
                }

                @Override
                public void onError(Throwable t) {
                    violated("onError: " + t);
                }

                @Override
                public void onComplete() {
                    if (completed) {
                        violated("completed twice");
                    }
                    completed = true;
                }
            });
            subscription = got[0];
        }

        private void violated(String what) {
            if (violation == null) {
                violation = what;
            }
        }

        /** Each operation ends here: a breach seen by anyone fails it (the sequential run never throws). */
        private void check() {
            String v = violation;
            if (v != null) {
                throw new IllegalStateException(v);
            }
        }

        private void delivered(int v) {
            int slot = v / PER_SLOT;
            if (completed) {
                violated("onNext(" + v + ") after onComplete");
            }
            if (delivered.getAndIncrement(v) != 0) {
                violated("delivered " + v + " twice");
            }
            if (v <= lastDelivered[slot]) {
                violated("delivered " + v + " after " + lastDelivered[slot] + ", which its sender sent later");
            }
            lastDelivered[slot] = v;
            if (++deliveredCount > requested.get()) {   // the drain loop is serial: a plain increment is exact
                violated("delivered " + deliveredCount + " elements, more than the " + requested.get()
                        + " requested");
            }
        }

        private int next(int thread) {
            return thread * PER_SLOT + nextValue[thread]++;
        }

        @Operation
        public void request() {
            requested.incrementAndGet();   // before the call: its element may arrive inside it
            subscription.request(1);
            check();
        }

        @Operation
        public void cancel() {
            cancelled = true;
            subscription.cancel();
            check();
        }

        @Operation
        public void sendStart(@Param(name = "thread") int thread) {
            if (sending[thread] == null) {
                int v = next(thread);
                Object r = channel.transmitOrQueue(v, true);
                if (r instanceof Waiter node) {
                    sending[thread] = node;
                    offered[thread] = v;
                } else if (r.equals(AbstractChannel.SENT)) {
                    sent.incrementAndGet(v);
                }
            }
            check();
        }

        @Operation
        public void sendEnd(@Param(name = "thread") int thread) {
            endSend(thread);
            check();
        }

        /** Gives up a queued send, or learns that it was taken; true if it was still waiting. */
        private boolean endSend(int thread) {
            Waiter node = sending[thread];
            if (node == null) {
                return false;
            }
            sending[thread] = null;
            Object item = channel.withdraw(node);
            if (item == RendezvousChannel.TAKEN) {
                sent.incrementAndGet(offered[thread]);
            }
            return item == null;
        }

        @Operation
        public void trySend(@Param(name = "thread") int thread) {
            int v = next(thread);
            if (channel.trySend(v)) {
                sent.incrementAndGet(v);
            }
            check();
        }

        @Operation
        public void tryRecv() {
            Integer v = channel.tryRecv();
            if (v != null) {
                taken.incrementAndGet(v);
            }
            check();
        }

        @Operation
        public void close() {
            channel.close();
            check();
        }

        @Validate
        public void everySentElementArrivedOnce() {
            check();
            boolean drained = channel.isDrained();
            boolean aSenderWaited = false;
            for (int t = 0; t < SLOTS; t++) {
                aSenderWaited |= endSend(t);
            }
            if (aSenderWaited && !cancelled && !completed && deliveredCount < requested.get()) {
                throw new IllegalStateException("a sender waited while the subscription had demand ("
                        + deliveredCount + " of " + requested.get() + " delivered): a lost wake-up");
            }
            if (drained && !cancelled && !completed) {
                throw new IllegalStateException("the channel is closed and drained, its subscriber not completed");
            }
            int held = channel.size();
            if (held > 0 && !cancelled && !completed && deliveredCount < requested.get()) {
                throw new IllegalStateException(held + " element(s) held while the subscription had demand ("
                        + deliveredCount + " of " + requested.get() + " delivered): a lost wake-up");
            }
            Integer v;
            while ((v = channel.tryRecv()) != null) {
                taken.incrementAndGet(v);   // held: given back by a subscription that was cancelled mid-hand-off
            }
            for (int i = 0; i < SLOTS * PER_SLOT; i++) {
                if (sent.get(i) != delivered.get(i) + taken.get(i)) {   // each value is offered once
                    throw new IllegalStateException("element " + i + ": sent " + sent.get(i) + " times, delivered "
                            + delivered.get(i) + ", taken " + taken.get(i));
                }
            }
        }
    }

    /**
     * Random scenarios, and first the one that found the reordering (random ones rarely line it up): an interest
     * queued by an earlier request; then one thread requests again (its drain loop looks at the interest) while
     * another sends twice (the first send is handed to the interest, the second waits).
     */
    @Test
    void aSubscriptionDeliversEachSendersElementsOnceAndInOrder() throws NoSuchMethodException {
        Method request = Target.class.getMethod("request");
        Method sendStart = Target.class.getMethod("sendStart", int.class);
        Method validate = Target.class.getMethod("everySentElementArrivedOnce");
        ExecutionScenario handOffDuringATake = new ExecutionScenario(
                List.of(new Actor(request, List.of())),
                List.of(List.of(new Actor(request, List.of())),
                        List.of(new Actor(sendStart, List.of(1)), new Actor(sendStart, List.of(1)))),
                List.of(),
                new Actor(validate, List.of()));
        new ModelCheckingOptions()
                .addCustomScenario(handOffDuringATake)
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 20))
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .check(Target.class);
    }
}
