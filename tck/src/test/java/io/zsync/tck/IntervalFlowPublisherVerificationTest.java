package io.zsync.tck;

/** {@code Streams.interval}, made finite by {@code take}, verified as a Flow Publisher. */
public class IntervalFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Long> {
    public IntervalFlowPublisherVerificationTest() {
        super(StreamsCases.INTERVAL);
    }
}
