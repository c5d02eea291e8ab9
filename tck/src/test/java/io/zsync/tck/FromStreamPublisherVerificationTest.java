package io.zsync.tck;

/** {@code Streams.fromStream}, verified as a Reactive Streams Publisher. */
public class FromStreamPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public FromStreamPublisherVerificationTest() {
        super(StreamsCases.FROM_STREAM);
    }
}
