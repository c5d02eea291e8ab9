package io.zsync.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;

/** A bounded channel as a Reactive Streams Publisher. */
public class BoundedChannelPublisherVerificationTest extends PublisherVerification<Integer> {
    public BoundedChannelPublisherVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Publisher<Integer> createPublisher(long elements) {
        return ChannelVerifications.publisher(ChannelVerifications.Kind.BOUNDED, elements);
    }

    @Override
    public Publisher<Integer> createFailedPublisher() {
        return ChannelVerifications.failed(ChannelVerifications.Kind.BOUNDED);
    }
}
