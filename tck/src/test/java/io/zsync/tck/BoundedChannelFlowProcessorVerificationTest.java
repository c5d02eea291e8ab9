package io.zsync.tck;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.IdentityFlowProcessorVerification;

/** A bounded channel as an identity {@link Flow.Processor}. */
public class BoundedChannelFlowProcessorVerificationTest extends IdentityFlowProcessorVerification<Integer> {
    public BoundedChannelFlowProcessorVerificationTest() {
        super(new TestEnvironment(Tck.TIMEOUT_MILLIS, Tck.NO_SIGNALS_TIMEOUT_MILLIS));
    }

    @Override
    protected Flow.Processor<Integer, Integer> createIdentityFlowProcessor(int bufferSize) {
        return ChannelVerifications.channel(true, bufferSize);
    }

    @Override
    protected Flow.Publisher<Integer> createFailedFlowPublisher() {
        return ChannelVerifications.failed(true);
    }

    @Override
    public ExecutorService publisherExecutorService() {
        return ChannelVerifications.EXECUTOR;
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }

    /** Work distribution, not multicast: see {@link ChannelVerifications#MAX_SUPPORTED_SUBSCRIBERS}. */
    @Override
    public long maxSupportedSubscribers() {
        return ChannelVerifications.MAX_SUPPORTED_SUBSCRIBERS;
    }
}
