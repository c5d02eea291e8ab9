package io.zsync.channel;

import io.zsync.Zsync;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of a channel's non-waiting operations — trySend, tryRecv, close, size — for capacity 1 and 2 and
 * unbounded, against the channel itself run one operation at a time. The waiting operations (send, recv) share the
 * same locked paths and are checked by ChannelStressTest and ChannelTest.
 */
@Timeout(300)
class ChannelLincheckTest {

    @Param(name = "element", gen = IntGen.class, conf = "1:3")
    abstract static class Base {
        final Channel<Integer> channel;

        Base(Channel<Integer> channel) {
            this.channel = channel;
        }

        @Operation
        public boolean trySend(@Param(name = "element") int e) {
            return channel.trySend(e);
        }

        @Operation
        public Integer tryRecv() {
            return channel.tryRecv();
        }

        @Operation
        public void close() {
            channel.close();
        }

        @Operation
        public boolean isClosed() {
            return channel.isClosed();
        }
    }

    public static class Capacity1 extends Base {
        public Capacity1() {
            super(Zsync.bounded(1));
        }
    }

    public static class Capacity2 extends Base {
        public Capacity2() {
            super(Zsync.bounded(2));
        }
    }

    public static class Unbounded extends Base {
        public Unbounded() {
            super(Zsync.unbounded());
        }
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 8))
                .invocationsPerIteration(1_000)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1);
    }

    @Test
    void capacityOne() {
        options().check(Capacity1.class);
    }

    @Test
    void capacityTwo() {
        options().check(Capacity2.class);
    }

    @Test
    void unbounded() {
        options().check(Unbounded.class);
    }
}
