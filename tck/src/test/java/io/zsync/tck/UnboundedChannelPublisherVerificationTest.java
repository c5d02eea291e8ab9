package io.zsync.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;

/** A unbounded channel as a Reactive Streams Publisher. */
public class UnboundedChannelPublisherVerificationTest extends PublisherVerification<Integer> {
    public UnboundedChannelPublisherVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Publisher<Integer> createPublisher(long elements) {
        return ChannelVerifications.publisher(ChannelVerifications.Kind.UNBOUNDED, elements);
    }

    @Override
    public Publisher<Integer> createFailedPublisher() {
        return ChannelVerifications.failed(ChannelVerifications.Kind.UNBOUNDED);
    }
}
