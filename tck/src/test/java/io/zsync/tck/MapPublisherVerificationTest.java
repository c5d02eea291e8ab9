package io.zsync.tck;

/** {@code Pipeline.map}, verified as a Reactive Streams Publisher. */
public class MapPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public MapPublisherVerificationTest() {
        super(StreamsCases.MAP);
    }
}
