package io.zsync.tck;

/** {@code Pipeline.timeout} that does not fire, verified as a Reactive Streams Publisher. */
public class TimeoutPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public TimeoutPublisherVerificationTest() {
        super(StreamsCases.TIMEOUT);
    }
}
