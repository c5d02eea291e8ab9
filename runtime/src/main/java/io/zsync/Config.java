package io.zsync;

import io.zsync.internal.task.Failures;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link ZsyncRuntime} runs: execution model, worker count, thread names, where uncaught failures go, and how
 * long shutdown waits for cancelled tasks. Immutable; build one with {@link #builder()}, or take
 * {@link #optimal()}.
 *
 * {@snippet :
 * Config config = Config.builder()
 *         .executionModel(ExecutionModel.WORK_STEALING)
 *         .workers(4)
 *         .shutdownGrace(Duration.ofMillis(500))
 *         .build();
 * }
 *
 * <p>Thread-safe: immutable.
 *
 * @since 0.1
 */
public final class Config {
    /** The largest worker count a work-stealing pool accepts. */
    public static final int MAX_WORKERS = 0x7fff;

    /** The shutdown grace period {@link #optimal()} chooses. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(1);

    private final ExecutionModel executionModel;
    private final int workers;
    private final String threadNamePrefix;
    private final Thread.UncaughtExceptionHandler uncaughtHandler;
    private final Duration shutdownGrace;
    private final boolean captureSpawnSites;
    private final @Nullable ManualClock clock;
    private final int detectedCpus;

    private Config(Builder b) {
        this.executionModel = b.executionModel;
        this.workers = b.workers;
        this.threadNamePrefix = Objects.requireNonNull(b.threadNamePrefix);
        this.uncaughtHandler = Objects.requireNonNull(b.uncaughtHandler);
        this.shutdownGrace = Objects.requireNonNull(b.shutdownGrace);
        this.captureSpawnSites = b.captureSpawnSites;
        this.clock = b.clock;
        this.detectedCpus = b.detectedCpus;
    }

    /**
     * Returns the configuration that suits this machine: virtual threads; workers equal to the CPUs this JVM may
     * use ({@link java.lang.Runtime#availableProcessors()}, which honours container CPU limits and
     * {@code -XX:ActiveProcessorCount}), at least 1 and at most {@link #MAX_WORKERS}; pool thread names starting with
     * {@code "zsync-"}; failures reported through the default uncaught handler or, if none is set, a
     * {@link System.Logger} named {@code io.zsync} at {@code ERROR}; a shutdown grace of one second; spawn sites
     * captured only if the system property {@code zsync.task.captureSpawnSites} is {@code true}.
     *
     * @return the optimal configuration; {@link #describe()} says what it chose
     */
    public static Config optimal() {
        return builder().build();
    }

    /**
     * Returns a configuration for {@link ExecutionModel#BLOCKING}: no threads, everything on the caller's thread.
     *
     * @return {@link #optimal()} with the blocking execution model
     */
    public static Config blocking() {
        return builder().executionModel(ExecutionModel.BLOCKING).build();
    }

    /**
     * Returns a builder that starts from the values of {@link #optimal()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder that starts from this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.executionModel = executionModel;
        b.workers = workers;
        b.threadNamePrefix = threadNamePrefix;
        b.uncaughtHandler = uncaughtHandler;
        b.shutdownGrace = shutdownGrace;
        b.captureSpawnSites = captureSpawnSites;
        b.clock = clock;
        return b;
    }

    /**
     * Returns where tasks run.
     *
     * @return the execution model
     */
    public ExecutionModel executionModel() {
        return executionModel;
    }

    /**
     * Returns the number of platform threads of a {@link ExecutionModel#WORK_STEALING} pool. Under
     * {@link ExecutionModel#VIRTUAL_THREADS} the JDK's shared carrier pool runs the tasks and this number is only
     * reported; under {@link ExecutionModel#BLOCKING} it is unused.
     *
     * @return the worker count, from 1 to {@link #MAX_WORKERS}
     */
    public int workers() {
        return workers;
    }

    /**
     * Returns the prefix of the names of the runtime's platform threads ({@code prefix + number}): the workers of a
     * {@link ExecutionModel#WORK_STEALING} pool. Virtual threads stay unnamed, as the JDK leaves them (a name would
     * cost every spawn); zsync's reports name tasks instead.
     *
     * @return the prefix, possibly empty
     */
    public String threadNamePrefix() {
        return threadNamePrefix;
    }

    /**
     * Returns where failures go that nobody else can see: a failed task nobody awaited, tasks still running when
     * shutdown gave up waiting, a subscriber that broke the Reactive Streams rules.
     *
     * @return the handler
     */
    public Thread.UncaughtExceptionHandler uncaughtHandler() {
        return uncaughtHandler;
    }

    /**
     * Returns how long closing the runtime waits for cancelled tasks to finish before it reports them and returns.
     *
     * @return the grace period, zero or more
     */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /**
     * Returns whether each task records the stack of the code that spawned it, for reports of tasks left running.
     * Costs a stack walk per spawn; off by default.
     *
     * @return whether spawn sites are captured
     */
    public boolean captureSpawnSites() {
        return captureSpawnSites;
    }

    /**
     * Returns the manual clock that this runtime's waits read, or null for the system clock (the default).
     *
     * @return the manual clock set with {@link Builder#clock(ManualClock)}, or null
     */
    public @Nullable ManualClock clock() {
        return clock;
    }

    /**
     * Describes this configuration in one line, for logs.
     *
     * @return for example {@code "zsync: virtual threads (JDK carriers: 2) on 2 CPUs, grace 1000 ms"}
     */
    public String describe() {
        String model = switch (executionModel) {
            case VIRTUAL_THREADS -> "virtual threads (JDK carriers: "
                    + System.getProperty("jdk.virtualThreadScheduler.parallelism", String.valueOf(detectedCpus)) + ")";
            case WORK_STEALING -> "work-stealing pool of " + workers + " daemon threads";
            case BLOCKING -> "blocking (caller thread only)";
        };
        return "zsync: " + model + " on " + detectedCpus + " CPU" + (detectedCpus == 1 ? "" : "s")
                + ", grace " + shutdownGrace.toMillis() + " ms"
                + (executionModel == ExecutionModel.WORK_STEALING ? ", threads '" + threadNamePrefix + "N'" : "")
                + (captureSpawnSites ? ", spawn sites captured" : "")
                + (clock != null ? ", " + clock : "");
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Builds a {@link Config}; every setter may be called any number of times, and {@link #build()} checks the
     * values. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private @Nullable ExecutionModel executionModel = ExecutionModel.VIRTUAL_THREADS;
        private int workers;
        private @Nullable String threadNamePrefix = "zsync-";
        private Thread.@Nullable UncaughtExceptionHandler uncaughtHandler = Failures.DEFAULT_HANDLER;
        private @Nullable Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private boolean captureSpawnSites = Boolean.getBoolean("zsync.task.captureSpawnSites");
        private @Nullable ManualClock clock;
        private final int detectedCpus;

        private Builder() {
            detectedCpus = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
            workers = Math.min(detectedCpus, MAX_WORKERS);
        }

        /**
         * Sets where tasks run.
         *
         * @param model the execution model
         * @return this builder
         */
        public Builder executionModel(ExecutionModel model) {
            this.executionModel = model;
            return this;
        }

        /**
         * Sets the size of a work-stealing pool.
         *
         * @param workers from 1 to {@link Config#MAX_WORKERS}
         * @return this builder
         */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Sets the prefix of thread names.
         *
         * @param prefix the prefix; may be empty
         * @return this builder
         */
        public Builder threadNamePrefix(String prefix) {
            this.threadNamePrefix = prefix;
            return this;
        }

        /**
         * Sets where failures go that nobody else can see.
         *
         * @param handler the handler; it should not throw, and what it throws is logged and dropped
         * @return this builder
         */
        public Builder uncaughtHandler(Thread.UncaughtExceptionHandler handler) {
            this.uncaughtHandler = handler;
            return this;
        }

        /**
         * Sets how long closing waits for cancelled tasks.
         *
         * @param grace zero or more
         * @return this builder
         */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Sets whether tasks record where they were spawned.
         *
         * @param capture {@code true} to record a stack per spawn
         * @return this builder
         */
        public Builder captureSpawnSites(boolean capture) {
            this.captureSpawnSites = capture;
            return this;
        }

        /**
         * Makes the runtime's waits read {@code clock} instead of the system clock: for tests (see
         * {@link ManualClock}). Null restores the system clock.
         *
         * @param clock a manual clock, or null
         * @return this builder
         */
        public Builder clock(@Nullable ManualClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Checks the values and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the field and its allowed values, if one is out of range or null
         */
        public Config build() {
            if (executionModel == null) {
                throw new IllegalArgumentException(
                        "executionModel must not be null; choose one of " + java.util.Arrays.toString(
                                ExecutionModel.values()) + " or leave it unset for VIRTUAL_THREADS");
            }
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + " but was "
                        + workers + "; leave it unset to use the " + detectedCpus + " CPUs this JVM may use");
            }
            if (threadNamePrefix == null) {
                throw new IllegalArgumentException(
                        "threadNamePrefix must not be null; pass \"\" for no prefix or leave it unset for \"zsync-\"");
            }
            if (uncaughtHandler == null) {
                throw new IllegalArgumentException("uncaughtHandler must not be null; pass a handler, or leave it unset"
                        + " to report through the default uncaught handler or System.Logger");
            }
            if (shutdownGrace == null || shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must be zero or more but was " + shutdownGrace
                        + "; Duration.ZERO reports tasks that ignore cancellation without waiting for them");
            }
            return new Config(this);
        }
    }
}
