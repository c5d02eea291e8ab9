package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/** A bounded channel as a {@link Flow.Publisher}: the same object, no adapter. */
public class BoundedChannelFlowPublisherVerificationTest extends FlowPublisherVerification<Integer> {
    public BoundedChannelFlowPublisherVerificationTest() {
        super(Tck.environment());
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
