package io.zsync.tck;

/** {@code Streams.produce}: a producer task that emits with backpressure, verified as a Reactive Streams Publisher. */
public class ProducePublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public ProducePublisherVerificationTest() {
        super(StreamsCases.PRODUCE);
    }
}
