package io.zsync.tck;

/** {@code Streams.concat} of three sources, one empty, verified as a Reactive Streams Publisher. */
public class ConcatPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public ConcatPublisherVerificationTest() {
        super(StreamsCases.CONCAT);
    }
}
