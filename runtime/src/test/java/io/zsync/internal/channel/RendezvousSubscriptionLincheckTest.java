package io.zsync.internal.channel;

import java.lang.reflect.Method;
import java.util.List;
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
        private final Ledger ledger = new Ledger();
        private final RendezvousChannel<Integer> channel =
                RendezvousChannel.create((t, e) -> ledger.violated("reported to the handler: " + e));
        private final Ledger.Recorder subscriber = ledger.new Recorder("the subscriber", channel);
        private final @Nullable Waiter[] sending = new Waiter[Ledger.SLOTS];   // slot t: its queued send
        private final int[] offered = new int[Ledger.SLOTS];                   // slot t: what its queued send offers

        public Target() {
        }

        @Operation
        public void request() {
            subscriber.request();
            ledger.check();
        }

        @Operation
        public void cancel() {
            subscriber.cancel();
            ledger.check();
        }

        @Operation
        public void sendStart(@Param(name = "thread") int thread) {
            if (sending[thread] == null) {
                int v = ledger.next(thread);
                Object r = channel.transmitOrQueue(v, true);
                if (r instanceof Waiter node) {
                    sending[thread] = node;
                    offered[thread] = v;
                } else if (r.equals(AbstractChannel.SENT)) {
                    ledger.sent.incrementAndGet(v);
                }
            }
            ledger.check();
        }

        @Operation
        public void sendEnd(@Param(name = "thread") int thread) {
            endSend(thread);
            ledger.check();
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
                ledger.sent.incrementAndGet(offered[thread]);
            }
            return item == null;
        }

        @Operation
        public void trySend(@Param(name = "thread") int thread) {
            ledger.trySend(channel, thread);
            ledger.check();
        }

        @Operation
        public void tryRecv() {
            ledger.tryRecv(channel);
            ledger.check();
        }

        @Operation
        public void close() {
            channel.close();
            ledger.check();
        }

        @Validate
        public void everySentElementArrivedOnce() {
            ledger.check();
            boolean drained = channel.isDrained();
            boolean aSenderWaited = false;
            for (int t = 0; t < Ledger.SLOTS; t++) {
                aSenderWaited |= endSend(t);
            }
            if (aSenderWaited && subscriber.waitsWithDemand()) {
                throw new IllegalStateException("a sender waited while " + subscriber.demand() + ": a lost wake-up");
            }
            if (drained && !subscriber.cancelled && !subscriber.completed) {
                throw new IllegalStateException("the channel is closed and drained, its subscriber not completed");
            }
            int held = channel.size();
            if (held > 0 && subscriber.waitsWithDemand()) {
                throw new IllegalStateException(held + " element(s) held while " + subscriber.demand()
                        + ": a lost wake-up");
            }
            ledger.balance(channel);   // and what is held: given back by a subscription cancelled mid-hand-off
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
