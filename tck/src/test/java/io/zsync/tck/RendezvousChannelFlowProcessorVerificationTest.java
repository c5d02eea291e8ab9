package io.zsync.tck;

/** A rendezvous channel as an identity Flow Processor. */
public class RendezvousChannelFlowProcessorVerificationTest extends ChannelFlowProcessorVerification {
    public RendezvousChannelFlowProcessorVerificationTest() {
        super(ChannelVerifications.Kind.RENDEZVOUS);
    }
}
