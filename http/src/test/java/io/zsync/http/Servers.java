package io.zsync.http;

import io.zsync.Config;
import io.zsync.Zsync;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs a test against a server on loopback, inside Zsync.run, with the runtime's failures recorded. */
final class Servers {
    private Servers() {
    }

    interface Body {
        void run(HttpServer server) throws Exception;
    }

    /** What reached the runtime's uncaught handler during the last {@link #with} call. */
    static final List<Throwable> REPORTED = new CopyOnWriteArrayList<>();

    static HttpServer.Builder builder() {
        return HttpServer.builder().port(0).address(InetAddress.getLoopbackAddress());
    }

    /** Runs {@code body} against a server; fails if anything reached the uncaught handler. */
    static void with(HttpServer.Builder builder, Body body) throws Exception {
        withReports(builder, body);
        if (!REPORTED.isEmpty()) {
            AssertionError e = new AssertionError("the server reported " + REPORTED.size() + " failure(s)");
            REPORTED.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Runs {@code body} against a server; what was reported is in {@link #REPORTED}. */
    static void withReports(HttpServer.Builder builder, Body body) throws Exception {
        REPORTED.clear();
        Zsync.run(Config.optimal().toBuilder().uncaughtHandler((t, e) -> REPORTED.add(e)).build(), () -> {
            HttpServer server = builder.start();
            try {
                body.run(server);
            } finally {
                server.close();
            }
        });
    }
}
