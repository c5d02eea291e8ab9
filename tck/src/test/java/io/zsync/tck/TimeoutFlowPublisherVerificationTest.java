package io.zsync.tck;

/** {@code Pipeline.timeout} that does not fire, verified as a Flow Publisher. */
public class TimeoutFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public TimeoutFlowPublisherVerificationTest() {
        super(StreamsCases.TIMEOUT);
    }
}
