package io.zsync.bench;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.ZsyncRuntime;
import java.util.function.LongSupplier;

/**
 * One zsync build's side of {@link SpawnAwaitAB}: a virtual-thread runtime, and one batch of {@link SpawnAwait} per
 * call. {@link SpawnAwaitAB} loads this class in a class loader of its own per build, so public API only.
 */
public final class SpawnAwaitBuild implements LongSupplier, AutoCloseable {
    private final ZsyncRuntime runtime =
            ZsyncRuntime.create(Config.builder().executionModel(ExecutionModel.VIRTUAL_THREADS).build());

    /** Opens the runtime. */
    public SpawnAwaitBuild() {
    }

    /** Spawns and awaits one batch; returns the sum of the results. */
    @Override
    public long getAsLong() {
        return SpawnAwait.zsync(runtime, SpawnAwait.TASKS);
    }

    /** Closes the runtime. */
    @Override
    public void close() {
        runtime.close();
    }
}
