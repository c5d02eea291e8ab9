package io.zsync.tck;

/** {@code Streams.fromIterable}, verified as a Reactive Streams Publisher. */
public class FromIterablePublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public FromIterablePublisherVerificationTest() {
        super(StreamsCases.FROM_ITERABLE);
    }
}
