package io.zsync.channel;

import io.zsync.Zsync;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of a buffered channel's operations that do not wait — trySend, tryRecv, recvCatching(ZERO) (which
 * tells empty from closed), isClosed, close, close(cause), and a select that sends or receives with a default (orElse)
 * — for capacity 1 and 2 and unbounded, with three threads, against {@link Model}: an {@link ArrayDeque} with a
 * capacity and a closed flag with its cause, run one operation at a time; and size() exact once all is quiet. The
 * waiting operations share these operations' paths and are checked by ChannelStressTest, ChannelWakeUpStressTest and
 * SelectStressTest.
 */
@Timeout(300)
class ChannelLincheckTest {

    /** The real channel. */
    @Param(name = "element", gen = IntGen.class, conf = "1:3")
    abstract static class Target {
        final Channel<Integer> channel;

        Target(Channel<Integer> channel) {
            this.channel = channel;
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
        public String recvNow() {
            return switch (channel.recvCatching(Duration.ZERO)) {
                case ChannelResult.Value<Integer>(Integer v) -> "value " + v;
                case ChannelResult.Empty<Integer> e -> "empty";
                case ChannelResult.Closed<Integer>(Throwable cause) -> "closed " + (cause == null ? "" : "failed");
            };
        }

        /**
         * size() is a snapshot, exact when nothing changes (its javadoc): after every explored execution, it counts
         * exactly the elements left. (As an operation it is not linearizable, and does not claim to be: a receiver
         * that has taken an element from the linked buffer lowers the count just after, so a size() between says one
         * more than a tryRecv() that saw the channel empty. The checker found that history when size() was one.)
         */
        void sizeIsExactWhenQuiet() {
            int size = channel.size();
            int left = 0;
            while (channel.tryRecv() != null) {
                left++;
            }
            if (size != left) {
                throw new IllegalStateException("size() said " + size + " with " + left + " elements left");
            }
        }

        @Operation
        public boolean isClosed() {
            return channel.isClosed();
        }

        @Operation
        public void close() {
            channel.close();
        }

        @Operation
        public boolean fail() {
            return channel.close(new IllegalStateException("closed with a cause by the checker"));
        }

        @Operation
        public String selectSend(@Param(name = "element") int e) {
            try {
                return Zsync.<String>select().onSend(channel, e, () -> "sent").orElse(() -> "nothing ready").await();
            } catch (ChannelClosedException closed) {
                return "closed";
            }
        }

        @Operation
        public String selectRecv() {
            try {
                return Zsync.<String>select().onRecv(channel, v -> "value " + v, () -> "ended")
                        .orElse(() -> "nothing ready").await();
            } catch (ChannelClosedException failed) {
                return "failed";   // closed with a cause and drained: a receive alternative throws it
            }
        }
    }

    /** The sequential model: a FIFO with a capacity, and a closed flag that remembers whether it had a cause. */
    abstract static class Model {
        private final int capacity;
        private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
        private boolean closed;
        private boolean failed;

        Model(int capacity) {
            this.capacity = capacity;
        }

        public boolean trySend(int e) {
            if (closed || buffer.size() == capacity) {
                return false;
            }
            buffer.add(e);
            return true;
        }

        public @Nullable Integer tryRecv() {
            return buffer.poll();
        }

        public String recvNow() {
            Integer v = buffer.poll();
            return v != null ? "value " + v : closed ? "closed " + (failed ? "failed" : "") : "empty";
        }

        public boolean isClosed() {
            return closed;
        }

        public void close() {
            closed = true;
        }

        public boolean fail() {
            if (closed) {
                return false;
            }
            closed = true;
            failed = true;
            return true;
        }

        public String selectSend(int e) {
            if (closed) {
                return "closed";
            }
            return trySend(e) ? "sent" : "nothing ready";
        }

        public String selectRecv() {
            Integer v = buffer.poll();
            return v != null ? "value " + v : !closed ? "nothing ready" : failed ? "failed" : "ended";
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Model m && closed == m.closed && failed == m.failed
                    && java.util.List.copyOf(buffer).equals(java.util.List.copyOf(m.buffer));
        }

        @Override
        public int hashCode() {
            return Objects.hash(closed, failed, java.util.List.copyOf(buffer));
        }
    }

    public static final class Capacity1 extends Target {
        public Capacity1() {
            super(Zsync.bounded(1));
        }

        /** See {@link Target#sizeIsExactWhenQuiet()} (declared here: Lincheck counts an inherited one twice). */
        @Validate
        public void validate() {
            sizeIsExactWhenQuiet();
        }
    }

    public static final class Capacity1Model extends Model {
        public Capacity1Model() {
            super(1);
        }
    }

    public static final class Capacity2 extends Target {
        public Capacity2() {
            super(Zsync.bounded(2));
        }

        /** See {@link Target#sizeIsExactWhenQuiet()} (declared here: Lincheck counts an inherited one twice). */
        @Validate
        public void validate() {
            sizeIsExactWhenQuiet();
        }
    }

    public static final class Capacity2Model extends Model {
        public Capacity2Model() {
            super(2);
        }
    }

    public static final class Unbounded extends Target {
        public Unbounded() {
            super(Zsync.unbounded());
        }

        /** See {@link Target#sizeIsExactWhenQuiet()} (declared here: Lincheck counts an inherited one twice). */
        @Validate
        public void validate() {
            sizeIsExactWhenQuiet();
        }
    }

    public static final class UnboundedModel extends Model {
        public UnboundedModel() {
            super(Integer.MAX_VALUE);
        }
    }

    private static ModelCheckingOptions options(Class<?> model) {
        return new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 15))
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(model);
    }

    @Test
    void capacityOne() {
        options(Capacity1Model.class).check(Capacity1.class);
    }

    @Test
    void capacityTwo() {
        options(Capacity2Model.class).check(Capacity2.class);
    }

    @Test
    void unbounded() {
        options(UnboundedModel.class).check(Unbounded.class);
    }
}
