package io.zsync.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;

/** A bounded channel as a Reactive Streams Subscriber. */
public class BoundedChannelSubscriberVerificationTest extends SubscriberBlackboxVerification<Integer> {
    public BoundedChannelSubscriberVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Subscriber<Integer> createSubscriber() {
        return ChannelVerifications.channel(ChannelVerifications.Kind.BOUNDED, 16);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
