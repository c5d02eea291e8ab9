package io.zsync.samples;

import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/**
 * A pipeline across both worlds: producer tasks send into a bounded channel, a Reactor pipeline transforms what the
 * channel publishes and feeds a second bounded channel, and consumer tasks receive from that one. Backpressure holds
 * end to end: however fast the producers, nothing buffers beyond the two channels' capacities, which the sample
 * checks while it runs.
 */
public final class PipelineSample {
    /** Each channel's capacity. */
    static final int CAPACITY = 256;

    private PipelineSample() {
    }

    /**
     * What a run measured.
     *
     * @param elements how many elements reached the consumers
     * @param checksum the sum of what they received
     * @param nanos how long the run took
     * @param maxBuffered the most elements seen buffered in both channels at once
     */
    record Result(long elements, long checksum, long nanos, int maxBuffered) {
        String describe() {
            return String.format("%,d elements in %d ms (%,.0f elements/s), at most %d buffered (capacity 2 x %d)",
                    elements, nanos / 1_000_000, elements * 1e9 / nanos, maxBuffered, CAPACITY);
        }
    }

    /**
     * Runs the pipeline; call it from a task (it spawns its producers and consumers on the current runtime).
     *
     * @param producers how many producer tasks
     * @param consumers how many consumer tasks
     * @param perProducer how many elements each producer sends
     * @return what was measured
     */
    static Result run(int producers, int consumers, int perProducer) {
        long start = System.nanoTime();
        Channel<Integer> input = Zsync.bounded(CAPACITY);
        Channel<Long> output = Zsync.bounded(CAPACITY);
        AtomicInteger maxBuffered = new AtomicInteger();

        List<Task<Void>> senders = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            senders.add(Zsync.spawn(() -> {
                for (int i = 0; i < perProducer; i++) {
                    input.send(i);
                }
            }));
        }
        Zsync.spawn(() -> {
            Zsync.joinAll(senders.toArray(Task<?>[]::new));
            input.close();   // the Reactor pipeline completes, and closes `output` in turn
        });

        // the Reactor part: channel -> Flux -> channel; each side asks only for what fits
        Flux.from(input)
                .map(i -> (long) i * i)
                .filter(square -> square % 7 != 3)   // no square is 3 mod 7: nothing is dropped, but Reactor checks
                .subscribe(output);

        List<Task<long[]>> receivers = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            receivers.add(Zsync.spawn(() -> {
                long count = 0;
                long sum = 0;
                for (Long square : output) {
                    count++;
                    sum += square;
                    if ((count & 255) == 0) {
                        maxBuffered.accumulateAndGet(input.size() + output.size(), Math::max);
                    }
                }
                return new long[] {count, sum};
            }));
        }
        long elements = 0;
        long checksum = 0;
        for (Task<long[]> r : receivers) {
            long[] got = r.await();
            elements += got[0];
            checksum += got[1];
        }
        return new Result(elements, checksum, System.nanoTime() - start, maxBuffered.get());
    }

    /** The checksum a run must produce: every producer sends the squares of 0 .. perProducer-1. */
    static long expectedChecksum(int producers, int perProducer) {
        long n = perProducer;
        return producers * ((n - 1) * n * (2 * n - 1) / 6);
    }

    /**
     * Runs the sample on its own.
     *
     * @param args ignored
     * @throws Exception if the sample fails
     */
    public static void main(String[] args) throws Exception {
        Zsync.run(() -> {
            Result result = run(4, 2, 250_000);
            if (result.checksum() != expectedChecksum(4, 250_000)) {
                throw new IllegalStateException("lost or duplicated elements: " + result);
            }
            System.out.println("pipeline: " + result.describe());
        });
    }
}
