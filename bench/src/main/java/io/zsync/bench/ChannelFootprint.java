package io.zsync.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * Memory footprint of channels, measured from the used heap (not JMH): what an idle {@code Zsync.bounded(256)} costs
 * beyond its slot array, and what each element buffered in a {@code Zsync.unbounded()} channel costs; with the JDK's
 * queues beside them for scale.
 *
 * <ul>
 *   <li><b>Idle bounded channel.</b> Makes {@value #CHANNELS} channels and divides the growth of the used heap by
 *       their number. A bounded channel's buffer is a ring of {@code capacity} slots, each an element reference and
 *       a {@code long} stamp: an {@code Object[256]} and a {@code long[256]} for capacity 256. Those arrays are
 *       measured the same way ({@value #CHANNELS} of each) and subtracted. The rest is the channel itself: the
 *       {@code ChannelImpl}, its lock, the ring's head and tail (a {@code long[48]}, so that they sit 128 bytes apart),
 *       two {@code ArrayDeque}s of waiters (17 slots each) and an empty {@code ArrayList}.
 *       {@code ArrayBlockingQueue(256)} beyond its {@code Object[256]} is shown for scale.
 *   <li><b>Unbounded channel, per buffered element.</b> Sends {@value #ELEMENTS} times the same cached
 *       {@code Integer} into one {@code Zsync.unbounded()} and divides the growth of the used heap by that count, so
 *       only the channel's own cost counts: its buffer is a {@code ConcurrentLinkedQueue}, a node per element (24
 *       bytes with compressed references). {@code LinkedBlockingQueue} and {@code ConcurrentLinkedQueue} (a node per
 *       element) are shown for scale.
 * </ul>
 *
 * <p>Each figure is taken {@value #ROUNDS} times; the program prints the median and the range. Before and after
 * each measurement it runs {@code System.gc()} several times until the used heap settles. Run it with
 * {@code -XX:MarkSweepDeadRatio=0}: by default a full collection (Serial's, and G1's) may leave up to 5 % dead objects
 * in place rather than move live ones, and those count as used, so that one measurement's garbage can be counted in
 * the next (with Serial, measured: negative sizes). Figures depend on the JVM's object layout (compressed
 * references, compact object headers), which it prints.
 *
 * <p>Run it, from the repository root (builds first; {@code --no-build} to skip that):
 * <pre>{@code bench/footprint.sh}</pre>
 * By hand: {@code java -Xms1g -Xmx1g -XX:MarkSweepDeadRatio=0 -cp bench/target/benchmarks.jar
 * io.zsync.bench.ChannelFootprint}.
 * There is no short mode: it takes a few seconds.
 */
public final class ChannelFootprint {
    /** Idle channels (and slot arrays, and peer queues) allocated per measurement. */
    static final int CHANNELS = 10_000;

    /** The bounded channel's capacity. */
    static final int CAPACITY = 256;

    /** Elements buffered in the unbounded channel (and in each unbounded peer) per measurement. */
    static final int ELEMENTS = 1_000_000;

    /** Times each figure is measured. */
    static final int ROUNDS = 3;

    /** The one element sent, from the {@code Integer} cache: it costs the queues nothing. */
    private static final Integer ONE = 1;

    private ChannelFootprint() {
    }

    /**
     * Measures and prints.
     *
     * @param args none
     * @throws InterruptedException if interrupted while letting the heap settle
     */
    public static void main(String[] args) throws InterruptedException {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean compressedOops = Boolean.parseBoolean(hotSpot.getVMOption("UseCompressedOops").getValue());
        String compactHeaders = vmOption(hotSpot, "UseCompactObjectHeaders");
        String deadRatio = hotSpot.getVMOption("MarkSweepDeadRatio").getValue();
        System.out.printf(Locale.ROOT, "ChannelFootprint: JDK %s, %s, max heap %d MB, compressed oops %s,"
                        + " compact object headers %s, MarkSweepDeadRatio %s; %d rounds, median (min .. max)%n",
                Runtime.version(), collectors(), Runtime.getRuntime().maxMemory() >> 20,
                compressedOops ? "on" : "off", compactHeaders, deadRatio, ROUNDS);
        if (!"0".equals(deadRatio)) {
            System.out.println("WARNING: full collections may leave dead objects in place (MarkSweepDeadRatio "
                    + deadRatio + "), which then count as used: run with -XX:MarkSweepDeadRatio=0 (footprint.sh"
                    + " does) for exact figures");
        }

        // Warm-up: load and initialise every class measured below, so that no class metadata lands on the heap.
        perObject(() -> Zsync.bounded(CAPACITY), 100);
        perObject(() -> new ArrayBlockingQueue<Integer>(CAPACITY), 100);
        perElementSent(Zsync::unbounded, 1_000);
        perElement(LinkedBlockingQueue::new, 1_000);
        perElement(ConcurrentLinkedQueue::new, 1_000);

        double[] channel = new double[ROUNDS];
        double[] slots = new double[ROUNDS];
        double[] stamps = new double[ROUNDS];
        double[] abq = new double[ROUNDS];
        double[] abqSlots = new double[ROUNDS];
        double[] unbounded = new double[ROUNDS];
        double[] lbq = new double[ROUNDS];
        double[] clq = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            channel[r] = perObject(() -> Zsync.bounded(CAPACITY), CHANNELS);
            slots[r] = perObject(() -> new Object[CAPACITY], CHANNELS);   // the ring's element slots
            stamps[r] = perObject(() -> new long[CAPACITY], CHANNELS);    // and their stamps
            abq[r] = perObject(() -> new ArrayBlockingQueue<Integer>(CAPACITY), CHANNELS);
            abqSlots[r] = perObject(() -> new Object[CAPACITY], CHANNELS);
            unbounded[r] = perElementSent(Zsync::unbounded, ELEMENTS);
            lbq[r] = perElement(LinkedBlockingQueue::new, ELEMENTS);
            clq[r] = perElement(ConcurrentLinkedQueue::new, ELEMENTS);
        }
        double[] beyond = new double[ROUNDS];
        double[] abqBeyond = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            beyond[r] = channel[r] - slots[r] - stamps[r];
            abqBeyond[r] = abq[r] - abqSlots[r];
        }

        System.out.printf(Locale.ROOT, "Zsync.bounded(%d), idle, whole:                   %s bytes/channel%n",
                CAPACITY, figure(channel));
        System.out.printf(Locale.ROOT, "  its slots, Object[%d]:                          %s bytes%n",
                CAPACITY, figure(slots));
        System.out.printf(Locale.ROOT, "  their stamps, long[%d]:                         %s bytes%n",
                CAPACITY, figure(stamps));
        System.out.printf(Locale.ROOT, "  beyond the slots and stamps:                    %s bytes/channel%n",
                figure(beyond));
        System.out.printf(Locale.ROOT, "ArrayBlockingQueue(%d), idle, beyond Object[%d]:  %s bytes/queue%n",
                CAPACITY, CAPACITY, figure(abqBeyond));

        System.out.printf(Locale.ROOT, "Zsync.unbounded(), %,d buffered:           %s bytes/element"
                        + " (a ConcurrentLinkedQueue node each)%n", ELEMENTS, figure(unbounded));
        System.out.printf(Locale.ROOT, "LinkedBlockingQueue, %,d buffered:         %s bytes/element%n",
                ELEMENTS, figure(lbq));
        System.out.printf(Locale.ROOT, "ConcurrentLinkedQueue, %,d buffered:       %s bytes/element%n",
                ELEMENTS, figure(clq));
    }

    /** Heap growth per object when {@code count} objects from {@code make} are kept alive. */
    private static double perObject(Supplier<?> make, int count) throws InterruptedException {
        Object[] keep = new Object[count];   // allocated before the first reading: not counted
        long before = settledUsedHeap();
        for (int i = 0; i < count; i++) {
            keep[i] = make.get();
        }
        long after = settledUsedHeap();
        Reference.reachabilityFence(keep);
        return (double) (after - before) / count;
    }

    /** Heap growth per element when one queue from {@code make} buffers {@code count} times the same element. */
    private static double perElement(Supplier<? extends Queue<Integer>> make, int count)
            throws InterruptedException {
        Queue<Integer> queue = make.get();   // made before the first reading: its empty shell is not counted
        long before = settledUsedHeap();
        for (int i = 0; i < count; i++) {
            if (!queue.offer(ONE)) {
                throw new IllegalStateException(queue + " refused an element");
            }
        }
        long after = settledUsedHeap();
        Reference.reachabilityFence(queue);
        return (double) (after - before) / count;
    }

    /** The same for a channel, which is not a {@link Queue}: {@code send}, which never waits when unbounded. */
    private static double perElementSent(ChannelMaker make, int count) throws InterruptedException {
        Channel<Integer> channel = make.make();
        long before = settledUsedHeap();
        for (int i = 0; i < count; i++) {
            channel.send(ONE);
        }
        long after = settledUsedHeap();
        if (channel.size() != count) {
            throw new IllegalStateException("the channel holds " + channel.size() + " elements, not " + count);
        }
        Reference.reachabilityFence(channel);
        return (double) (after - before) / count;
    }

    /** Makes a channel. */
    @FunctionalInterface
    private interface ChannelMaker {
        Channel<Integer> make();
    }

    /** The used heap after full collections, once two readings in a row agree (at most 10 collections). */
    private static long settledUsedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(20);
            long used = rt.totalMemory() - rt.freeMemory();
            if (used == last && i >= 2) {
                return used;
            }
            last = used;
        }
        return last;
    }

    /** {@code median (min .. max)}, two decimals. */
    private static String figure(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%8.2f (%.2f .. %.2f)", sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1]);
    }

    private static String vmOption(HotSpotDiagnosticMXBean hotSpot, String name) {
        try {
            return Boolean.parseBoolean(hotSpot.getVMOption(name).getValue()) ? "on" : "off";
        } catch (IllegalArgumentException unknown) {
            return "n/a";   // JDK 21-23: no such option
        }
    }

    private static String collectors() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(gc.getName());
        }
        return String.join("/", names);
    }
}
