package io.zsync.tck;

/** {@code Streams.interval}, made finite by {@code take}, verified as a Reactive Streams Publisher. */
public class IntervalPublisherVerificationTest extends StreamsPublisherVerification<Long> {
    public IntervalPublisherVerificationTest() {
        super(StreamsCases.INTERVAL);
    }
}
