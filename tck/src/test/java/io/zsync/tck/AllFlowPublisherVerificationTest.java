package io.zsync.tck;

/** {@code Streams.all}: a task and a source, zipped into one list, verified as a Flow Publisher. */
public class AllFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<java.util.List<Integer>> {
    public AllFlowPublisherVerificationTest() {
        super(StreamsCases.ALL);
    }
}
