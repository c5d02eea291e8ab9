package io.zsync.tck;

/** {@code Pipeline.flatMap}: each call a task, four at a time, verified as a Reactive Streams Publisher. */
public class FlatMapPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public FlatMapPublisherVerificationTest() {
        super(StreamsCases.FLAT_MAP);
    }
}
