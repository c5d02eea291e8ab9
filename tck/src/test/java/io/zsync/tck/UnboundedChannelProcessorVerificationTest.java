package io.zsync.tck;

/** A unbounded channel as an identity Reactive Streams Processor. */
public class UnboundedChannelProcessorVerificationTest extends ChannelProcessorVerification {
    public UnboundedChannelProcessorVerificationTest() {
        super(ChannelVerifications.Kind.UNBOUNDED);
    }
}
