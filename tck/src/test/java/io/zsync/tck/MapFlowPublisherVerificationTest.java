package io.zsync.tck;

/** {@code Pipeline.map}, verified as a Flow Publisher. */
public class MapFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public MapFlowPublisherVerificationTest() {
        super(StreamsCases.MAP);
    }
}
