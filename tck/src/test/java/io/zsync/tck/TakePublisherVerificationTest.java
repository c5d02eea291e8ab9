package io.zsync.tck;

/** {@code Pipeline.take} over an endless source, verified as a Reactive Streams Publisher. */
public class TakePublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public TakePublisherVerificationTest() {
        super(StreamsCases.TAKE);
    }
}
