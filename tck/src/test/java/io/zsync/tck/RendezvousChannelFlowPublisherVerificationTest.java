package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/** A rendezvous channel as a {@link Flow.Publisher}: the same object, no adapter. */
public class RendezvousChannelFlowPublisherVerificationTest extends FlowPublisherVerification<Integer> {
    public RendezvousChannelFlowPublisherVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        return ChannelVerifications.publisher(ChannelVerifications.Kind.RENDEZVOUS, elements);
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        return ChannelVerifications.failed(ChannelVerifications.Kind.RENDEZVOUS);
    }
}
