package io.zsync.tck;

/** {@code Streams.generate}: a generator task that emits with backpressure, verified as a Flow Publisher. */
public class GenerateFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public GenerateFlowPublisherVerificationTest() {
        super(StreamsCases.GENERATE);
    }
}
