package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/** A bounded channel as a {@link Flow.Publisher}: the same object, no adapter. */
public class BoundedChannelFlowPublisherVerificationTest extends FlowPublisherVerification<Integer> {
    public BoundedChannelFlowPublisherVerificationTest() {
        super(new TestEnvironment(Tck.TIMEOUT_MILLIS, Tck.NO_SIGNALS_TIMEOUT_MILLIS));
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        return ChannelVerifications.publisher(ChannelVerifications.Kind.BOUNDED, elements);
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        return ChannelVerifications.failed(ChannelVerifications.Kind.BOUNDED);
    }
}
