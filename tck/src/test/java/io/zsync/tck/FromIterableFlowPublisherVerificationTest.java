package io.zsync.tck;

/** {@code Streams.fromIterable}, verified as a Flow Publisher. */
public class FromIterableFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public FromIterableFlowPublisherVerificationTest() {
        super(StreamsCases.FROM_ITERABLE);
    }
}
