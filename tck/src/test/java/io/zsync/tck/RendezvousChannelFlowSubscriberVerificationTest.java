package io.zsync.tck;

import io.zsync.channel.Channel;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/** A rendezvous channel as a {@link Flow.Subscriber}: it requests one element per waiting receiver. */
public class RendezvousChannelFlowSubscriberVerificationTest extends FlowSubscriberBlackboxVerification<Integer> {
    public RendezvousChannelFlowSubscriberVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        return ChannelVerifications.channel(ChannelVerifications.Kind.RENDEZVOUS, 0);
    }

    /** Its demand follows its receivers: the TCK's "external signal before it signals demand" is a receiver. */
    @Override
    public void triggerFlowRequest(Flow.Subscriber<? super Integer> subscriber) {
        @SuppressWarnings("unchecked")
        Channel<Integer> channel = (Channel<Integer>) subscriber;
        ChannelVerifications.receiveOnce(channel);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
