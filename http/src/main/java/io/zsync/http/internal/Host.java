package io.zsync.http.internal;

import io.zsync.http.Handler;

/** What a connection needs of its server: ServerImpl, or a test's stand-in. */
interface Host {
    Settings settings();

    /** The handler with the filters around the router. */
    Handler handler();

    /** Whether shutdown began: finish the exchange with Connection: close, start no other. */
    boolean isStopping();

    /** Now on the runtime's clock, in nanoseconds. */
    long now();

    /** Reports a failure nobody else can see. */
    void report(Throwable failure);

    /** The connection's task ends. */
    void ended(Connection c);
}
