package io.zsync.tck;

/** A bounded channel as an identity Flow Processor. */
public class BoundedChannelFlowProcessorVerificationTest extends ChannelFlowProcessorVerification {
    public BoundedChannelFlowProcessorVerificationTest() {
        super(ChannelVerifications.Kind.BOUNDED);
    }
}
