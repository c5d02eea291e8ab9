package io.zsync.tck;

import io.zsync.Config;
import io.zsync.ZsyncRuntime;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.annotations.AfterClass;

/** A task is a one-element {@link Publisher}: empty when its result is null, failed when its body throws. */
public class TaskPublisherVerificationTest extends PublisherVerification<Integer> {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());

    public TaskPublisherVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Publisher<Integer> createPublisher(long elements) {
        return elements == 0 ? runtime.spawn(() -> (Integer) null) : runtime.spawn(() -> 42);
    }

    @Override
    public Publisher<Integer> createFailedPublisher() {
        return runtime.spawn(() -> {
            throw new IllegalStateException("failed on purpose by the TCK's failed-publisher test");
        });
    }

    @Override
    public long maxElementsFromPublisher() {
        return 1;
    }

    @AfterClass
    public void closeRuntime() {
        runtime.close();
    }
}
