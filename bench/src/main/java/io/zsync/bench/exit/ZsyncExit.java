package io.zsync.bench.exit;

import io.zsync.Zsync;
import java.time.Duration;
import java.time.Instant;

/**
 * Exit latency, zsync: {@code main} goes through {@link Zsync#run(Runnable)}, spawns two tasks it never awaits (one
 * sleeping ten minutes, one spinning until interrupted), prints one line and returns. Right after {@code run} returns
 * it prints {@code run-returned-at <epochNanos>}, and when {@code main} was entered, {@code main-entered-at
 * <epochNanos>}, so that {@code bench/exit-latency.sh} can tell JVM start-up, zsync's part ({@code run}: loading,
 * spawning, closing the runtime) and the JVM's own exit apart.
 */
public final class ZsyncExit {
    private ZsyncExit() {
    }

    /**
     * Runs the program.
     *
     * @param args ignored
     * @throws Exception if the program fails
     */
    public static void main(String[] args) throws Exception {
        long entered = epochNanos();
        Zsync.run(() -> {
            Zsync.spawn(() -> Zsync.sleep(Duration.ofMinutes(10)));
            Zsync.spawn(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
            });
            System.out.println("zsync: main returns, two tasks left running");
        });
        long returned = epochNanos();
        // no string concatenation: its first use bootstraps an invokedynamic call site (milliseconds), which would be
        // counted as exit latency
        System.out.print("main-entered-at ");
        System.out.println(entered);
        System.out.print("run-returned-at ");
        System.out.println(returned);
    }

    /** The wall clock, in nanoseconds since the epoch (microsecond resolution on Linux). */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
