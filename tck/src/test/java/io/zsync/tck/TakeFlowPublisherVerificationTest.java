package io.zsync.tck;

/** {@code Pipeline.take} over an endless source, verified as a Flow Publisher. */
public class TakeFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public TakeFlowPublisherVerificationTest() {
        super(StreamsCases.TAKE);
    }
}
