package io.zsync.tck;

/** {@code Streams.race}: a source against one that never signals, verified as a Reactive Streams Publisher. */
public class RacePublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public RacePublisherVerificationTest() {
        super(StreamsCases.RACE);
    }
}
