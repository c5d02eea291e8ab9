package io.zsync.sync;

import io.zsync.Config;
import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.Waits;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** A virtual thread started on a blocking call, with its outcome; the test waits until it is parked in the call. */
final class Parked<T> {
    final Thread thread;
    private volatile @Nullable T result;        // written by `thread` before it ends; read after join
    private volatile @Nullable Throwable error;  // likewise

    private Parked(Callable<T> call) {
        thread = Thread.ofVirtual().start(() -> {
            try {
                result = call.call();
            } catch (Throwable e) {
                error = e;
            }
        });
    }

    /** Starts {@code call} on a new virtual thread and returns once that thread is parked. */
    static <T> Parked<T> start(Callable<T> call) {
        Parked<T> p = new Parked<>(call);
        Waits.untilParked(p.thread);
        return p;
    }

    /** Runs {@code call} on a new virtual thread, for a call that is not expected to wait. */
    static <T> Parked<T> run(Callable<T> call) {
        return new Parked<>(call);
    }

    /** Spawns {@code blocking} as a task, waits until the task is parked in it, cancels it and returns its outcome. */
    static Outcome<Void> cancelTaskParkedIn(Runnable blocking) {
        try (ZsyncRuntime rt = ZsyncRuntime.create(Config.optimal())) {
            AtomicReference<Thread> thread = new AtomicReference<>();
            Task<Void> task = rt.spawn(() -> {
                thread.set(Thread.currentThread());
                blocking.run();
            });
            Waits.until(() -> thread.get() != null, "the task to start");
            Waits.untilParked(thread.get());
            if (!task.cancel()) {
                throw new AssertionError("cancel() did not take effect on a parked task");
            }
            return task.join();
        }
    }

    boolean isDone() {
        return !thread.isAlive();
    }

    /** The call's result, waiting for it; what it threw, as it was thrown, if it threw. */
    @Nullable T await() throws Throwable {
        thread.join();
        Throwable e = error;
        if (e != null) {
            throw e;
        }
        return result;
    }
}
