package io.zsync.tck;

import java.util.concurrent.ExecutorService;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.IdentityProcessorVerification;
import org.reactivestreams.tck.TestEnvironment;

/** A unbounded channel as an identity Reactive Streams Processor. */
public class UnboundedChannelProcessorVerificationTest extends IdentityProcessorVerification<Integer> {
    public UnboundedChannelProcessorVerificationTest() {
        super(new TestEnvironment(Tck.TIMEOUT_MILLIS, Tck.NO_SIGNALS_TIMEOUT_MILLIS));
    }

    @Override
    public Processor<Integer, Integer> createIdentityProcessor(int bufferSize) {
        return ChannelVerifications.channel(false, bufferSize);
    }

    @Override
    public Publisher<Integer> createFailedPublisher() {
        return ChannelVerifications.failed(false);
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
