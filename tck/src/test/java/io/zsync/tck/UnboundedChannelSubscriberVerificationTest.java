package io.zsync.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;

/** A unbounded channel as a Reactive Streams Subscriber. */
public class UnboundedChannelSubscriberVerificationTest extends SubscriberBlackboxVerification<Integer> {
    public UnboundedChannelSubscriberVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Subscriber<Integer> createSubscriber() {
        return ChannelVerifications.channel(ChannelVerifications.Kind.UNBOUNDED, 16);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
