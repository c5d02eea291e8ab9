package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/** A unbounded channel as a {@link Flow.Subscriber}. */
public class UnboundedChannelFlowSubscriberVerificationTest extends FlowSubscriberBlackboxVerification<Integer> {
    public UnboundedChannelFlowSubscriberVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        return ChannelVerifications.channel(ChannelVerifications.Kind.UNBOUNDED, 16);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
