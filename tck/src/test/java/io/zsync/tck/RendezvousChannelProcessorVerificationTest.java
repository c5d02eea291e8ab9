package io.zsync.tck;

/** A rendezvous channel as an identity Reactive Streams Processor. */
public class RendezvousChannelProcessorVerificationTest extends ChannelProcessorVerification {
    public RendezvousChannelProcessorVerificationTest() {
        super(ChannelVerifications.Kind.RENDEZVOUS);
    }
}
