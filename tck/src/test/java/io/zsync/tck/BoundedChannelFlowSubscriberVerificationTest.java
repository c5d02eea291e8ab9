package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/** A bounded channel as a {@link Flow.Subscriber}. */
public class BoundedChannelFlowSubscriberVerificationTest extends FlowSubscriberBlackboxVerification<Integer> {
    public BoundedChannelFlowSubscriberVerificationTest() {
        super(Tck.environment());
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        return ChannelVerifications.channel(ChannelVerifications.Kind.BOUNDED, 16);
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
