package io.zsync.tck;

/** {@code Streams.fromCallable}: one element, run as a task, verified as a Flow Publisher. */
public class FromCallableFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public FromCallableFlowPublisherVerificationTest() {
        super(StreamsCases.FROM_CALLABLE);
    }
}
