package io.zsync.tck;

/** {@code Streams.concat} of three sources, one empty, verified as a Flow Publisher. */
public class ConcatFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public ConcatFlowPublisherVerificationTest() {
        super(StreamsCases.CONCAT);
    }
}
