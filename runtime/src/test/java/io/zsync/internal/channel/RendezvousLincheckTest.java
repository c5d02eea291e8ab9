package io.zsync.internal.channel;

import io.zsync.internal.task.Failures;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of a rendezvous channel's hand-off against {@link Spec}, a sequential model with explicit waiting
 * parties. A waiting send or receive is two steps of the real code: its first half ({@code transmitOrQueue},
 * {@code receiveOrQueue}: hand over, or find the end, or queue a node) and later its end ({@code withdraw}: the
 * timeout or cancel that gives up, or learns what a claim moved). Only the park in between is left out, so the
 * checker sees every step that decides where an element goes, interleaved with trySend, tryRecv, close and other
 * parties' halves. Each checker thread owns one receiver slot and one sender slot (operations take its id from
 * {@link ThreadIdGen}), so a slot's halves never race each other, as a real thread's do not.
 */
@Timeout(300)
class RendezvousLincheckTest {

    /** The real channel, driven through its two halves. */
    @Param(name = "thread", gen = ThreadIdGen.class)
    @Param(name = "element", gen = IntGen.class, conf = "1:3")
    public static final class Target {
        private static final int SLOTS = 4;
        private final RendezvousChannel<Integer> channel = RendezvousChannel.create(Failures.DEFAULT_HANDLER);
        private final @Nullable Waiter[] receiving = new Waiter[SLOTS];   // slot i: thread i's queued receive
        private final @Nullable Waiter[] sending = new Waiter[SLOTS];     // slot i: thread i's queued send

        public Target() {
        }

        @Operation
        public String recvStart(@Param(name = "thread") int thread) {
            if (receiving[thread] != null) {
                return "busy";
            }
            Object e = channel.receiveOrQueue(true);
            if (e instanceof Waiter node) {
                receiving[thread] = node;
                return "waiting";
            }
            return e == AbstractChannel.END ? "closed" : "got " + e;
        }

        @Operation
        public String recvEnd(@Param(name = "thread") int thread) {
            Waiter node = receiving[thread];
            if (node == null) {
                return "idle";
            }
            receiving[thread] = null;
            Object item = channel.withdraw(node);
            return item == null ? "gave up" : item == io.zsync.internal.select.Selector.CLOSED ? "closed"
                    : "got " + item;
        }

        @Operation
        public String sendStart(@Param(name = "thread") int thread, @Param(name = "element") int e) {
            if (sending[thread] != null) {
                return "busy";
            }
            Object r = channel.transmitOrQueue(e, true);
            if (r instanceof Waiter node) {
                sending[thread] = node;
                return "waiting";
            }
            return r.equals(AbstractChannel.SENT) ? "sent" : "closed";
        }

        @Operation
        public String sendEnd(@Param(name = "thread") int thread) {
            Waiter node = sending[thread];
            if (node == null) {
                return "idle";
            }
            sending[thread] = null;
            Object item = channel.withdraw(node);
            return item == null ? "gave up" : item == RendezvousChannel.TAKEN ? "sent" : "closed";
        }

        @Operation
        public boolean trySend(@Param(name = "element") int e) {
            return channel.trySend(e);
        }

        @Operation
        public @Nullable Integer tryRecv() {
            return channel.tryRecv();
        }

        @Operation
        public boolean close() {
            return channel.close(new IllegalStateException("closed by the checker"));
        }
    }

    /** The sequential model: FIFO queues of waiting parties, each slot's state, and the closed flag. */
    public static final class Spec {
        private static final int SLOTS = 4;
        private final ArrayDeque<Integer> receivers = new ArrayDeque<>();   // waiting receive slots, FIFO
        private final ArrayDeque<Integer> senders = new ArrayDeque<>();     // waiting send slots, FIFO
        private final @Nullable String[] receiveState = new String[SLOTS];  // null idle, "waiting", "got e", "closed"
        private final @Nullable String[] sendState = new String[SLOTS];     // null idle, "waiting", "sent", "closed"
        private final int[] offered = new int[SLOTS];
        private boolean closed;

        public Spec() {
        }

        public String recvStart(int thread) {
            if (receiveState[thread] != null) {
                return "busy";
            }
            Integer s = senders.poll();
            if (s != null) {
                sendState[s] = "sent";
                return "got " + offered[s];
            }
            if (closed) {
                return "closed";
            }
            receiveState[thread] = "waiting";
            receivers.add(thread);
            return "waiting";
        }

        public String recvEnd(int thread) {
            String st = receiveState[thread];
            if (st == null) {
                return "idle";
            }
            receiveState[thread] = null;
            if (st.equals("waiting")) {
                receivers.remove(thread);
                return "gave up";
            }
            return st;
        }

        public String sendStart(int thread, int e) {
            if (sendState[thread] != null) {
                return "busy";
            }
            if (closed) {
                return "closed";
            }
            Integer r = receivers.poll();
            if (r != null) {
                receiveState[r] = "got " + e;
                return "sent";
            }
            sendState[thread] = "waiting";
            offered[thread] = e;
            senders.add(thread);
            return "waiting";
        }

        public String sendEnd(int thread) {
            String st = sendState[thread];
            if (st == null) {
                return "idle";
            }
            sendState[thread] = null;
            if (st.equals("waiting")) {
                senders.remove(thread);
                return "gave up";
            }
            return st;
        }

        public boolean trySend(int e) {
            if (closed) {
                return false;
            }
            Integer r = receivers.poll();
            if (r == null) {
                return false;
            }
            receiveState[r] = "got " + e;
            return true;
        }

        public @Nullable Integer tryRecv() {
            Integer s = senders.poll();
            if (s == null) {
                return null;
            }
            sendState[s] = "sent";
            return offered[s];
        }

        public boolean close() {
            if (closed) {
                return false;
            }
            closed = true;
            for (Integer r : receivers) {
                receiveState[r] = "closed";
            }
            for (Integer s : senders) {
                sendState[s] = "closed";
            }
            receivers.clear();
            senders.clear();
            return true;
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Spec other && closed == other.closed
                    && java.util.Arrays.equals(receiveState, other.receiveState)
                    && java.util.Arrays.equals(sendState, other.sendState)
                    && java.util.Arrays.equals(offered, other.offered)
                    && java.util.List.copyOf(receivers).equals(java.util.List.copyOf(other.receivers))
                    && java.util.List.copyOf(senders).equals(java.util.List.copyOf(other.senders));
        }

        @Override
        public int hashCode() {
            return Objects.hash(closed, receivers.size(), senders.size());
        }
    }

    /**
     * Many small scenarios rather than few long ones: a give-up that reads the node's state and then abandons it
     * without a CAS (so that a claim in between is lost) was found with 60 scenarios of 300 interleavings (about 30
     * s here), and not with 10 of 1 000; a close that forgets the waiting senders is found at once.
     */
    @Test
    void handOffsMatchTheSequentialModel() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 60))
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(Spec.class)
                .check(Target.class);
    }
}
