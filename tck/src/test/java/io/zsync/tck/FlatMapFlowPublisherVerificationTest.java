package io.zsync.tck;

/** {@code Pipeline.flatMap}: each call a task, four at a time, verified as a Flow Publisher. */
public class FlatMapFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public FlatMapFlowPublisherVerificationTest() {
        super(StreamsCases.FLAT_MAP);
    }
}
