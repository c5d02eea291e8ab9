package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/** The {@link Flow} verification of one streams operator: the same pipelines, subscribed by Flow subscribers. */
abstract class StreamsFlowPublisherVerification<T> extends FlowPublisherVerification<T> {
    private final StreamsCase<T> testCase;

    StreamsFlowPublisherVerification(StreamsCase<T> testCase) {
        super(Tck.environment());
        this.testCase = testCase;
    }

    @Override
    public Flow.Publisher<T> createFlowPublisher(long elements) {
        return testCase.create().apply(elements);
    }

    @Override
    public Flow.Publisher<T> createFailedFlowPublisher() {
        return testCase.failedOrNull();
    }

    @Override
    public long maxElementsFromPublisher() {
        return testCase.maxElements();
    }
}
