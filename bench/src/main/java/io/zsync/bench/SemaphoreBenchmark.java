package io.zsync.bench;

import io.zsync.sync.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A semaphore of {@value #PERMITS} permits under contention: each invocation starts {@value #THREADS} virtual threads
 * that each take a permit, do a little work ({@code Blackhole.consumeCPU(work)}), give it back, {@value #ROUNDS}
 * times, and waits for them all; the score is acquire/release pairs per second (higher is better). With 64 threads
 * and 4 permits nearly every acquire waits, so this measures the queue and the hand-off to a parked virtual thread.
 *
 * <p>Contenders, one method each: {@link #zsync} ({@code Semaphore.create(4)}, always FIFO), {@link #jdkFair} (the
 * reference peer for a FIFO semaphore: {@code new java.util.concurrent.Semaphore(4, true)}) and {@link #jdkNonFair}
 * ({@code new java.util.concurrent.Semaphore(4)}, the JDK's default, which lets a releasing thread take the permit
 * straight back instead of handing it to the longest waiter).
 *
 * <p>Run it, from the repository root (results go to {@code bench/results/}):
 * <pre>{@code bench/run Semaphore}</pre>
 * Short mode, for a small (2-core) machine or a quick check; indicative only:
 * <pre>{@code bench/run --short SemaphoreBenchmark}</pre>
 *
 * <p>Not final: JMH generates subclasses of benchmark classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SemaphoreBenchmark {
    static final int PERMITS = 4;
    static final int THREADS = 64;
    static final int ROUNDS = 200;

    /** Blackhole.consumeCPU tokens of work done holding a permit. */
    @Param({"50"})
    int work;

    /** The three acquire/release pairs under test. */
    private interface Permit {
        void acquire() throws InterruptedException;

        void release();
    }

    /**
     * zsync: {@code Semaphore.create(4)}, {@code acquire()} / {@code release()}.
     *
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(THREADS * ROUNDS)
    public void zsync() throws InterruptedException {
        Semaphore s = Semaphore.create(PERMITS);
        contend(new Permit() {
            @Override
            public void acquire() {
                s.acquire();
            }

            @Override
            public void release() {
                s.release();
            }
        });
    }

    /**
     * The reference peer: {@code new java.util.concurrent.Semaphore(4, true)}, FIFO like zsync's.
     *
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(THREADS * ROUNDS)
    public void jdkFair() throws InterruptedException {
        contend(jdk(new java.util.concurrent.Semaphore(PERMITS, true)));
    }

    /**
     * {@code new java.util.concurrent.Semaphore(4)}: non-fair, the JDK's default.
     *
     * @throws InterruptedException if the run is interrupted
     */
    @Benchmark
    @OperationsPerInvocation(THREADS * ROUNDS)
    public void jdkNonFair() throws InterruptedException {
        contend(jdk(new java.util.concurrent.Semaphore(PERMITS)));
    }

    private static Permit jdk(java.util.concurrent.Semaphore s) {
        return new Permit() {
            @Override
            public void acquire() throws InterruptedException {
                s.acquire();
            }

            @Override
            public void release() {
                s.release();
            }
        };
    }

    private void contend(Permit permit) throws InterruptedException {
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                try {
                    for (int r = 0; r < ROUNDS; r++) {
                        permit.acquire();
                        try {
                            Blackhole.consumeCPU(work);
                        } finally {
                            permit.release();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
