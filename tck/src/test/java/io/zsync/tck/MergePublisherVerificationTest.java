package io.zsync.tck;

/** {@code Streams.merge} of two sources, verified as a Reactive Streams Publisher. */
public class MergePublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public MergePublisherVerificationTest() {
        super(StreamsCases.MERGE);
    }
}
