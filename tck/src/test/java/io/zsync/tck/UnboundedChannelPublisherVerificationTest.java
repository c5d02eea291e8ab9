package io.zsync.tck;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;

/** A unbounded channel as a Reactive Streams Publisher. */
public class UnboundedChannelPublisherVerificationTest extends PublisherVerification<Integer> {
    public UnboundedChannelPublisherVerificationTest() {
        super(new TestEnvironment(Tck.TIMEOUT_MILLIS, Tck.NO_SIGNALS_TIMEOUT_MILLIS));
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
