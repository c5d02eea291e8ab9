package io.zsync.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;

/** The Reactive Streams verification of one streams operator; subclasses name the case. */
abstract class StreamsPublisherVerification<T> extends PublisherVerification<T> {
    private final StreamsCase<T> testCase;

    StreamsPublisherVerification(StreamsCase<T> testCase) {
        super(Tck.environment());
        this.testCase = testCase;
    }

    @Override
    public Publisher<T> createPublisher(long elements) {
        return testCase.create().apply(elements);
    }

    @Override
    public Publisher<T> createFailedPublisher() {
        return testCase.failedOrNull();
    }

    @Override
    public long maxElementsFromPublisher() {
        return testCase.maxElements();
    }
}
