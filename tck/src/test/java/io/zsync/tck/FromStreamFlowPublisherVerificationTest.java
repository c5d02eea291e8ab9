package io.zsync.tck;

/** {@code Streams.fromStream}, verified as a Flow Publisher. */
public class FromStreamFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public FromStreamFlowPublisherVerificationTest() {
        super(StreamsCases.FROM_STREAM);
    }
}
