package io.zsync.tck;

/** {@code Pipeline.batch}: lists of three, verified as a Flow Publisher. */
public class BatchFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<java.util.List<Integer>> {
    public BatchFlowPublisherVerificationTest() {
        super(StreamsCases.BATCH);
    }
}
