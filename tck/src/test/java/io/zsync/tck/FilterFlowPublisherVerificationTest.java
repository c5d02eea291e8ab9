package io.zsync.tck;

/** {@code Pipeline.filter}, verified as a Flow Publisher. */
public class FilterFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public FilterFlowPublisherVerificationTest() {
        super(StreamsCases.FILTER);
    }
}
