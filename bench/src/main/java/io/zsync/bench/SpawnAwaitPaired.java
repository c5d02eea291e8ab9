package io.zsync.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Spawn + await as {@link SpawnAwaitBenchmark} measures it, but the three contenders that the floors compare (zsync
 * on virtual threads, the virtual-thread-per-task executor, bare virtual threads) take turns in one JVM, one batch
 * of {@value #TASKS} tasks each per round, the order rotating every round. Not JMH: a paired comparison for telling
 * apart two versions of zsync whose difference is smaller than JMH's run-to-run noise on a small machine (there a
 * fork's score moves by ±10 % with the machine; a ratio taken within each round moves far less, as the machine's
 * drift hits all three alike).
 *
 * <p>Prints each contender's tasks per second over all rounds, and zsync's speed over each peer's: the ratio of the
 * totals, and the median and quartiles of the per-round ratios. Arguments: the number of rounds (default 300, about
 * 8 s of warm-up and 5 to 10 s of measurement on 2 cores). Use {@code bench/paired.sh}; a JMH run gives the figures
 * to quote.
 */
public final class SpawnAwaitPaired {
    private static final int TASKS = SpawnAwaitBenchmark.TASKS;
    private static final long WARM_UP_NANOS = 8_000_000_000L;

    private SpawnAwaitPaired() {
    }

    /**
     * Runs the comparison.
     *
     * @param args the number of rounds, optional
     * @throws Exception if a peer's task fails, which trivial bodies do not
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        if (rounds < 4) {
            throw new IllegalArgumentException("rounds must be at least 4 (quartiles), got " + rounds);
        }
        SpawnAwaitBenchmark bench = new SpawnAwaitBenchmark();   // the very code JMH measures
        bench.setUp();
        try {
            Turns turns = takeTurns(rounds, bench::zsyncVirtualThreads, bench::virtualThreadPerTaskExecutor,
                    bench::bareVirtualThreads);
            long[][] nanos = turns.nanos();   // [contender][round]: 0 zsync, 1 executor, 2 bare
            System.out.printf(Locale.ROOT, "%d rounds of %d tasks each (checksum %d)%n", rounds, TASKS,
                    turns.checksum() % 1000);
            System.out.printf(Locale.ROOT, "tasks/s: zsync %.2f M, executor %.2f M, bare %.2f M%n",
                    rate(nanos[0]), rate(nanos[1]), rate(nanos[2]));
            System.out.println("zsync / executor: " + ratios(nanos[0], nanos[1]));
            System.out.println("zsync / bare:     " + ratios(nanos[0], nanos[2]));
        } finally {
            bench.tearDown();
        }
    }

    /** One contender's batch of {@value #TASKS} tasks; returns the sum of their results. */
    @FunctionalInterface
    interface Batch {
        long run() throws Exception;
    }

    /** Each contender's time per round, {@code nanos[contender][round]}, and the sum of every batch's results. */
    record Turns(long[][] nanos, long checksum) {
    }

    /**
     * Warms {@code contenders} up for {@value #WARM_UP_NANOS} ns together, then times {@code rounds} rounds of one
     * batch each, the order rotating every round.
     */
    static Turns takeTurns(int rounds, Batch... contenders) throws Exception {
        int n = contenders.length;
        long sink = 0;
        for (long end = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < end; ) {
            for (Batch c : contenders) {
                sink += c.run();
            }
        }
        long[][] nanos = new long[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int which = (r + k) % n;
                long start = System.nanoTime();
                sink += contenders[which].run();
                nanos[which][r] = System.nanoTime() - start;
            }
        }
        return new Turns(nanos, sink);
    }

    static double rate(long[] nanos) {
        return (double) TASKS * nanos.length / (Arrays.stream(nanos).sum() / 1e9) / 1e6;
    }

    /** The first one's speed over a peer's: peer time / its time, of the totals and per round (median, quartiles). */
    static String ratios(long[] zsync, long[] peer) {
        double[] perRound = new double[zsync.length];
        for (int r = 0; r < zsync.length; r++) {
            perRound[r] = (double) peer[r] / zsync[r];
        }
        Arrays.sort(perRound);
        int n = perRound.length;
        return String.format(Locale.ROOT, "totals %.3f, per round median %.3f (quartiles %.3f, %.3f)",
                (double) Arrays.stream(peer).sum() / Arrays.stream(zsync).sum(), perRound[n / 2], perRound[n / 4],
                perRound[3 * n / 4]);
    }
}
