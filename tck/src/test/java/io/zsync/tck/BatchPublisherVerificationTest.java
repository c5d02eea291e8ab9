package io.zsync.tck;

/** {@code Pipeline.batch}: lists of three, verified as a Reactive Streams Publisher. */
public class BatchPublisherVerificationTest extends StreamsPublisherVerification<java.util.List<Integer>> {
    public BatchPublisherVerificationTest() {
        super(StreamsCases.BATCH);
    }
}
