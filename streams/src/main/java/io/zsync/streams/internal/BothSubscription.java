package io.zsync.streams.internal;

import java.util.concurrent.Flow;
import org.reactivestreams.Subscription;

/** A subscription that serves both interface families: a {@link Flow} subscriber receives it with no wrapper. */
public interface BothSubscription extends Subscription, Flow.Subscription {
}
