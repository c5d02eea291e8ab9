package io.zsync.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;

/** A rendezvous channel as a Reactive Streams Publisher. */
public class RendezvousChannelPublisherVerificationTest extends PublisherVerification<Integer> {
    public RendezvousChannelPublisherVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Publisher<Integer> createPublisher(long elements) {
        return ChannelVerifications.publisher(ChannelVerifications.Kind.RENDEZVOUS, elements);
    }

    @Override
    public Publisher<Integer> createFailedPublisher() {
        return ChannelVerifications.failed(ChannelVerifications.Kind.RENDEZVOUS);
    }
}
