package io.zsync.tck;

/** A bounded channel as an identity Reactive Streams Processor. */
public class BoundedChannelProcessorVerificationTest extends ChannelProcessorVerification {
    public BoundedChannelProcessorVerificationTest() {
        super(ChannelVerifications.Kind.BOUNDED);
    }
}
