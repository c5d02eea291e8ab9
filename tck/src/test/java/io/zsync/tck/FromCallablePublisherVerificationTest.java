package io.zsync.tck;

/** {@code Streams.fromCallable}: one element, run as a task, verified as a Reactive Streams Publisher. */
public class FromCallablePublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public FromCallablePublisherVerificationTest() {
        super(StreamsCases.FROM_CALLABLE);
    }
}
