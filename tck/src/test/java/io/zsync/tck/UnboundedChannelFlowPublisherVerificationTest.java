package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/** A unbounded channel as a {@link Flow.Publisher}: the same object, no adapter. */
public class UnboundedChannelFlowPublisherVerificationTest extends FlowPublisherVerification<Integer> {
    public UnboundedChannelFlowPublisherVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        return ChannelVerifications.publisher(ChannelVerifications.Kind.UNBOUNDED, elements);
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        return ChannelVerifications.failed(ChannelVerifications.Kind.UNBOUNDED);
    }
}
