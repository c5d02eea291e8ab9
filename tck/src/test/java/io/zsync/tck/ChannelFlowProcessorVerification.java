package io.zsync.tck;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.IdentityFlowProcessorVerification;

/** A channel as an identity {@link Flow.Processor}; subclasses choose the kind. */
abstract class ChannelFlowProcessorVerification extends IdentityFlowProcessorVerification<Integer> {
    private final ChannelVerifications.Kind kind;

    ChannelFlowProcessorVerification(ChannelVerifications.Kind kind) {
        super(Tck.environment());
        this.kind = kind;
    }

    @Override
    protected Flow.Processor<Integer, Integer> createIdentityFlowProcessor(int bufferSize) {
        return ChannelVerifications.channel(kind, bufferSize);
    }

    @Override
    protected Flow.Publisher<Integer> createFailedFlowPublisher() {
        return ChannelVerifications.failed(kind);
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
