package io.zsync.tck;

/** {@code Streams.race}: a source against one that never signals, verified as a Flow Publisher. */
public class RaceFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public RaceFlowPublisherVerificationTest() {
        super(StreamsCases.RACE);
    }
}
