package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.TaskCancelledException;
import io.zsync.ZsyncRuntime;
import io.zsync.testkit.Waits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Streams.interval}: ticks, and how it ends. */
@Timeout(30)
class IntervalTest {
    @Test
    void closingTheRuntimeUnderARunningIntervalEndsItWithTaskCancelledException() throws Exception {
        ZsyncRuntime builder = ZsyncRuntime.create(Config.optimal());
        Pipeline<Long> ticks = builder.spawn(() -> Streams.interval(Duration.ofMillis(1))).await();
        Recorder<Long> r = new Recorder<>(Long.MAX_VALUE);
        ticks.subscribe(r);
        Waits.until(() -> r.items.size() >= 3, "three ticks");
        builder.close();
        r.await();
        assertInstanceOf(TaskCancelledException.class, r.error, "completed: " + r.completed);
        assertTrue(r.items.size() >= 3);
    }
}
