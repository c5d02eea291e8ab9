package io.zsync.tck;

/**
 * {@code Streams.zip}: a finite source and an endless producer task, zipped into lists, verified as a Flow
 * Publisher.
 */
public class ZipFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<java.util.List<Integer>> {
    public ZipFlowPublisherVerificationTest() {
        super(StreamsCases.ZIP);
    }
}
