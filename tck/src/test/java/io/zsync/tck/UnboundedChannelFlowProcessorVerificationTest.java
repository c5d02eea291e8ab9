package io.zsync.tck;

/** A unbounded channel as an identity Flow Processor. */
public class UnboundedChannelFlowProcessorVerificationTest extends ChannelFlowProcessorVerification {
    public UnboundedChannelFlowProcessorVerificationTest() {
        super(ChannelVerifications.Kind.UNBOUNDED);
    }
}
