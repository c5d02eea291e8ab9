package io.zsync.internal.channel;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two subscriptions on a bounded channel (capacity 2) under model checking, against trySend, a competing tryRecv,
 * request, cancel and close: each subscription's interest node is a receiver the other's wake-ups may reach, so a
 * wake-up one of them swallows leaves the other waiting beside an element. As in RendezvousSubscriptionLincheckTest,
 * delivery is asynchronous, so the operations return nothing and the checker looks for breaches of properties:
 * <ul>
 *   <li>each subscription sees each sender's elements in the order sent, none twice, none after its end, never more
 *       than requested (§1.1);</li>
 *   <li>once all is quiet, every element sent was delivered to one subscription, taken by tryRecv, or is still in
 *       the channel, exactly once; no element is left in the channel while a live subscription has demand (a lost
 *       wake-up); a closed, drained channel has completed its live subscriptions.</li>
 * </ul>
 */
@Timeout(300)
class BufferedSubscriptionLincheckTest {

    @Param(name = "thread", gen = ThreadIdGen.class)
    @Param(name = "subscription", gen = IntGen.class, conf = "0:1")
    public static final class Target {
        private final Ledger ledger = new Ledger();
        private final ChannelImpl<Integer> channel =
                ChannelImpl.create(2, (t, e) -> ledger.violated("reported to the handler: " + e));
        private final Ledger.Recorder[] subscribers = {
            ledger.new Recorder("subscriber 0", channel), ledger.new Recorder("subscriber 1", channel)};

        public Target() {
        }

        @Operation
        public void request(@Param(name = "subscription") int i) {
            subscribers[i].request();
            ledger.check();
        }

        @Operation
        public void cancel(@Param(name = "subscription") int i) {
            subscribers[i].cancel();
            ledger.check();
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
        public void nothingLostNorStranded() {
            ledger.check();
            int left = channel.size();
            boolean drained = channel.isDrained();
            for (Ledger.Recorder s : subscribers) {
                if (left > 0 && s.waitsWithDemand()) {
                    throw new IllegalStateException(left + " element(s) in the channel while " + s.demand()
                            + ": a lost wake-up");
                }
                if (drained && !s.cancelled && !s.completed) {
                    throw new IllegalStateException("the channel is closed and drained, a subscriber not completed");
                }
            }
            ledger.balance(channel);
        }
    }

    @Test
    void twoSubscriptionsMissNoWakeUpAndLoseNothing() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 20))
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .check(Target.class);
    }
}
