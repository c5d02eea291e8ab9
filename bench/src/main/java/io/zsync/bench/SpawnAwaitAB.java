package io.zsync.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Two builds of zsync in one JVM: spawn + await ({@link SpawnAwait}) with build A, build B and the
 * virtual-thread-per-task executor taking turns batch by batch, the order rotating every round. Each build is
 * loaded from its runtime jar in a class loader of its own (with reactive-streams and this module's plain jar, for
 * {@link SpawnAwaitBuild}), so the two share the JVM, its JIT-compiled JDK code and the machine's drift, and differ
 * only in their own classes. Not JMH: for deciding whether a change to zsync pays, where a difference of a few per
 * cent is below the noise of separate runs. A/A runs (the same jar twice) read per-fork medians of 0.97 to 1.00 on
 * a 2-core VM: a difference is real when it stays outside that band over several forks.
 *
 * <p>Prints each contender's tasks per second, then B over A, and each build over the executor: the ratio of the
 * totals, and the median and quartiles of the per-round ratios. Use {@code bench/ab.sh}.
 */
public final class SpawnAwaitAB {
    private SpawnAwaitAB() {
    }

    /**
     * Runs the comparison.
     *
     * @param args the runtime jar of build A, that of build B, the rounds, then the other jars each build needs
     *             (reactive-streams, and this module's plain jar)
     * @throws Exception if a build cannot be loaded, or an executor task fails (trivial bodies do not)
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: SpawnAwaitAB A.jar B.jar ROUNDS OTHER.jar...; use bench/ab.sh, which finds them all");
        }
        int rounds = Integer.parseInt(args[2]);
        if (rounds < 4) {
            throw new IllegalArgumentException("rounds must be at least 4 (quartiles), got " + rounds);
        }
        List<Path> shared = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            shared.add(Path.of(args[i]));
        }
        String workload = System.getProperty("zsync.ab.workload", "spawn");
        if (!workload.equals("spawn")) {
            channels(Path.of(args[0]), Path.of(args[1]), rounds, shared, workload);
            return;
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try (Build a = load(Path.of(args[0]), shared, SpawnAwaitBuild.class);
             Build b = load(Path.of(args[1]), shared, SpawnAwaitBuild.class)) {
            SpawnAwaitPaired.Turns turns = SpawnAwaitPaired.takeTurns(rounds, a::batch, b::batch,
                    () -> SpawnAwait.executor(executor, SpawnAwait.TASKS));
            long[][] nanos = turns.nanos();   // [contender][round]: 0 A, 1 B, 2 executor
            System.out.printf(Locale.ROOT, "%d rounds of %d tasks each (checksum %d)%n", rounds, SpawnAwait.TASKS,
                    turns.checksum() % 1000);
            System.out.printf(Locale.ROOT, "tasks/s: A %.2f M, B %.2f M, executor %.2f M%n",
                    SpawnAwaitPaired.rate(nanos[0]), SpawnAwaitPaired.rate(nanos[1]), SpawnAwaitPaired.rate(nanos[2]));
            System.out.println("B / A:        " + SpawnAwaitPaired.ratios(nanos[1], nanos[0]));
            System.out.println("A / executor: " + SpawnAwaitPaired.ratios(nanos[0], nanos[2]));
            System.out.println("B / executor: " + SpawnAwaitPaired.ratios(nanos[1], nanos[2]));
        } finally {
            executor.close();
        }
    }

    /**
     * A channel workload ({@code spsc}, {@code pingpong}, {@code unbounded} or {@code create}, see
     * {@link ChannelBuild}) with build A and build B taking
     * turns; prints B over A (the time of A's batch over B's: above 1, B is faster).
     */
    private static void channels(Path jarA, Path jarB, int rounds, List<Path> shared, String workload)
            throws Exception {
        if (!List.of("spsc", "pingpong", "unbounded", "create").contains(workload)) {
            throw new IllegalArgumentException("unknown workload '" + workload
                    + "': pass spawn, spsc, pingpong, unbounded or create");
        }
        try (Build a = load(jarA, shared, ChannelBuild.class); Build b = load(jarB, shared, ChannelBuild.class)) {
            SpawnAwaitPaired.Turns turns = SpawnAwaitPaired.takeTurns(rounds, a::batch, b::batch);
            long[][] nanos = turns.nanos();   // [contender][round]: 0 A, 1 B
            System.out.printf(Locale.ROOT, "%s: %d rounds (checksum %d)%n", workload, rounds,
                    turns.checksum() % 1000);
            System.out.println("B / A:        " + SpawnAwaitPaired.ratios(nanos[1], nanos[0]));
        }
    }

    /** A {@code kind} (a build of the workload) of the zsync build in {@code runtimeJar}, in a class loader of its
     *  own. */
    private static Build load(Path runtimeJar, List<Path> shared, Class<?> kind) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Path p : concat(runtimeJar, shared)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("no such jar: " + p);
            }
            urls.add(p.toUri().toURL());
        }
        // Parent: the platform loader, so that zsync and this module's classes come from these jars, not the
        // application class path (benchmarks.jar holds the current build).
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Object build = loader.loadClass(kind.getName()).getConstructor().newInstance();
        return new Build((LongSupplier) build, (AutoCloseable) build);   // (its class is not ours: the JDK's types)
    }

    /** A loaded build, seen through the JDK interfaces that its {@link SpawnAwaitBuild} implements. */
    private record Build(LongSupplier batches, AutoCloseable runtime) implements AutoCloseable {
        long batch() {
            return batches.getAsLong();
        }

        @Override
        public void close() throws Exception {
            runtime.close();
        }
    }

    private static List<Path> concat(Path first, List<Path> rest) {
        List<Path> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
