package io.zsync.bench;

import io.zsync.sync.Mutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended lock and unlock: one thread locks, increments a counter, unlocks; the score is lock/unlock pairs per
 * second (throughput, higher is better). Nobody ever waits, so this is the fast path alone: for zsync's
 * {@link Mutex} one CAS to lock and one to unlock, plus the owner check.
 *
 * <p>Contenders, one method each: {@link #zsync} ({@code Mutex.create()}, {@code lock}/{@code unlock}),
 * {@link #reentrantLock} (the reference peer, non-fair {@link ReentrantLock}) and {@link #synchronizedBlock} (a
 * monitor, for reference: the JIT may elide or coarsen it, since it never escapes contention).
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run Mutex}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short MutexBenchmark}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class MutexBenchmark {
    private final Mutex mutex = Mutex.create();
    private final ReentrantLock reentrantLock = new ReentrantLock();
    private final Object monitor = new Object();
    private long counter;

    /**
     * zsync: {@code Mutex.lock()} / {@code unlock()}.
     *
     * @return the counter
     */
    @Benchmark
    public long zsync() {
        mutex.lock();
        try {
            return ++counter;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * The reference peer: {@code ReentrantLock.lock()} / {@code unlock()} (non-fair, the default).
     *
     * @return the counter
     */
    @Benchmark
    public long reentrantLock() {
        reentrantLock.lock();
        try {
            return ++counter;
        } finally {
            reentrantLock.unlock();
        }
    }

    /**
     * For reference: a {@code synchronized} block on a private monitor.
     *
     * @return the counter
     */
    @Benchmark
    public long synchronizedBlock() {
        synchronized (monitor) {
            return ++counter;
        }
    }
}
