package io.zsync.tck;

/** {@code Pipeline.filter}, verified as a Reactive Streams Publisher. */
public class FilterPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public FilterPublisherVerificationTest() {
        super(StreamsCases.FILTER);
    }
}
