package io.zsync.tck;

/** Settings shared by the verifications. */
final class Tck {
    /** How long the TCK waits for a signal it expects: generous, it costs nothing when the signal comes. */
    static final long TIMEOUT_MILLIS = 2_000;
    /** How long the TCK waits to be sure a signal does not come: every such check costs this much. */
    static final long NO_SIGNALS_TIMEOUT_MILLIS = 100;

    private Tck() {
    }
}
