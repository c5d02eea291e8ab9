package io.zsync.tck;

/** {@code Streams.all}: a task and a source, zipped into one list, verified as a Reactive Streams Publisher. */
public class AllPublisherVerificationTest extends StreamsPublisherVerification<java.util.List<Integer>> {
    public AllPublisherVerificationTest() {
        super(StreamsCases.ALL);
    }
}
