package io.zsync.streams.internal;

/**
 * How a thread that waits for another (a consumer for an element, a producer for demand) spends its first rounds:
 * spin briefly, then yield (a virtual thread gives up its carrier), and only then park. Hand-offs between running
 * threads then cost no park/unpark pair.
 */
final class Idle {
    private static final int SPINS = 64;
    private static final int YIELDS = 4;

    private Idle() {
    }

    /** Spends wait round {@code round}; returns false once the caller should register itself and park. */
    static boolean pause(int round) {
        if (round < SPINS) {
            Thread.onSpinWait();
            return true;
        }
        if (round < SPINS + YIELDS) {
            Thread.yield();
            return true;
        }
        return false;
    }
}
