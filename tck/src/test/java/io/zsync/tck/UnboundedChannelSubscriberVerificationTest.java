package io.zsync.tck;

import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;
import org.reactivestreams.tck.TestEnvironment;

/** A unbounded channel as a Reactive Streams Subscriber. */
public class UnboundedChannelSubscriberVerificationTest extends SubscriberBlackboxVerification<Integer> {
    public UnboundedChannelSubscriberVerificationTest() {
        super(new TestEnvironment(Tck.TIMEOUT_MILLIS, Tck.NO_SIGNALS_TIMEOUT_MILLIS));
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
