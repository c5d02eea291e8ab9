package io.zsync.tck;

/** {@code Streams.produce}: a producer task that emits with backpressure, verified as a Flow Publisher. */
public class ProduceFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public ProduceFlowPublisherVerificationTest() {
        super(StreamsCases.PRODUCE);
    }
}
