package io.zsync.jsonrpc.internal;

import io.zsync.Zsync;
import io.zsync.channel.Channel;

/** A one-shot latch on a zsync channel: waiting for it is cancellable and seen by a manual clock. */
final class Gate {
    static final Gate OPEN = opened();

    private final Channel<Boolean> signal = Zsync.bounded(1);

    private static Gate opened() {
        Gate g = new Gate();
        g.open();
        return g;
    }

    /** Opens it; idempotent. */
    void open() {
        signal.close();
    }

    boolean isOpen() {
        return signal.isClosed();
    }

    /** Waits until open; throws {@link io.zsync.TaskCancelledException} if the waiting task is cancelled. */
    void await() {
        if (!signal.isClosed()) {
            signal.recvCatching();
        }
    }
}
