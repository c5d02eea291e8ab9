package io.zsync.tck;

/**
 * {@code Streams.zip}: a finite source and an endless producer task, zipped into lists, verified as a Reactive
 * Streams Publisher.
 */
public class ZipPublisherVerificationTest extends StreamsPublisherVerification<java.util.List<Integer>> {
    public ZipPublisherVerificationTest() {
        super(StreamsCases.ZIP);
    }
}
