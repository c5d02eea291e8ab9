package io.zsync.tck;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/** A bounded channel as a {@link Flow.Subscriber}. */
public class BoundedChannelFlowSubscriberVerificationTest extends FlowSubscriberBlackboxVerification<Integer> {
    public BoundedChannelFlowSubscriberVerificationTest() {
        super(new TestEnvironment(Tck.TIMEOUT_MILLIS, Tck.NO_SIGNALS_TIMEOUT_MILLIS));
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
