package io.zsync.tck;

/** {@code Streams.generate}: a generator task that emits with backpressure, verified as a Reactive Streams Publisher. */
public class GeneratePublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public GeneratePublisherVerificationTest() {
        super(StreamsCases.GENERATE);
    }
}
