package io.zsync.internal.channel;

import java.util.concurrent.Flow;
import org.reactivestreams.Subscription;

/** The upstream subscription of a channel, whichever interface family it came from. */
abstract class Upstream {
    abstract void request(long n);

    abstract void cancel();

    static Upstream of(Subscription s) {
        return new Upstream() {
            @Override
            void request(long n) {
                s.request(n);
            }

            @Override
            void cancel() {
                s.cancel();
            }
        };
    }

    static Upstream of(Flow.Subscription s) {
        return new Upstream() {
            @Override
            void request(long n) {
                s.request(n);
            }

            @Override
            void cancel() {
                s.cancel();
            }
        };
    }
}
