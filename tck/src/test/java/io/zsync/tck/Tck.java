package io.zsync.tck;

import org.reactivestreams.tck.TestEnvironment;

/** Settings shared by the verifications. */
final class Tck {
    /** How long the TCK waits for a signal it expects: generous, it costs nothing when the signal comes. */
    static final long TIMEOUT_MILLIS = 2_000;
    /** How long the TCK waits to be sure a signal does not come: every such check costs this much. */
    static final long NO_SIGNALS_TIMEOUT_MILLIS = 100;
    /**
     * How often the TCK looks again while it waits for an expected signal within {@link #TIMEOUT_MILLIS}. With the
     * two-argument environment it is the whole timeout, and a check that first looks before the signal comes (the
     * §3.9 error tests, 126 of them) then sleeps out all 2 s although the signal came at once: 252 s of the module's
     * 391 s (2026-12-03, 52 classes). Looking every 10 ms costs nothing and waits no less for a late signal: the
     * module then took 131 s, with the same tests run.
     */
    static final long POLL_TIMEOUT_MILLIS = 10;

    private Tck() {
    }

    /** The environment every verification runs in. */
    static TestEnvironment environment() {
        return new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS);
    }
}
