package io.zsync.tck;

import io.zsync.channel.Channel;
import org.reactivestreams.Subscriber;
import org.reactivestreams.tck.SubscriberBlackboxVerification;

/** A rendezvous channel as a Reactive Streams Subscriber: it requests one element per waiting receiver. */
public class RendezvousChannelSubscriberVerificationTest extends SubscriberBlackboxVerification<Integer> {
    public RendezvousChannelSubscriberVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Subscriber<Integer> createSubscriber() {
        return ChannelVerifications.channel(ChannelVerifications.Kind.RENDEZVOUS, 0);
    }

    /** Its demand follows its receivers: the TCK's "external signal before it signals demand" is a receiver. */
    @Override
    public void triggerRequest(Subscriber<? super Integer> subscriber) {
        @SuppressWarnings("unchecked")
        Channel<Integer> channel = (Channel<Integer>) subscriber;
        ChannelVerifications.receiveOnce(channel);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
