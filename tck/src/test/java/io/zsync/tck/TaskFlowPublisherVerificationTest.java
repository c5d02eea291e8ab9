package io.zsync.tck;

import io.zsync.Config;
import io.zsync.ZsyncRuntime;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/** A task is a one-element {@link Flow.Publisher} too, with no adapter in between. */
public class TaskFlowPublisherVerificationTest extends FlowPublisherVerification<Integer> {
    private final ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal());

    public TaskFlowPublisherVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        return elements == 0 ? runtime.spawn(() -> (Integer) null) : runtime.spawn(() -> 42);
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
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
