package io.zsync.tck;

import java.util.concurrent.ExecutorService;
import org.reactivestreams.Processor;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.IdentityProcessorVerification;

/** A channel as an identity Reactive Streams Processor; subclasses choose the kind. */
abstract class ChannelProcessorVerification extends IdentityProcessorVerification<Integer> {
    private final ChannelVerifications.Kind kind;

    ChannelProcessorVerification(ChannelVerifications.Kind kind) {
        super(Tck.environment());
        this.kind = kind;
    }

    @Override
    public Processor<Integer, Integer> createIdentityProcessor(int bufferSize) {
        return ChannelVerifications.channel(kind, bufferSize);
    }

    @Override
    public Publisher<Integer> createFailedPublisher() {
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
