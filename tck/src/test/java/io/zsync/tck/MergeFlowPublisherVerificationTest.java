package io.zsync.tck;

/** {@code Streams.merge} of two sources, verified as a Flow Publisher. */
public class MergeFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public MergeFlowPublisherVerificationTest() {
        super(StreamsCases.MERGE);
    }
}
