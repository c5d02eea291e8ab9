package io.zsync.http;

import io.zsync.Zsync;
import java.net.InetAddress;

/** A program whose main starts a server, makes one request to it, and returns: the JVM must exit. */
public final class ServeAndReturn {
    private ServeAndReturn() {
    }

    public static void main(String[] args) throws Exception {
        Zsync.run(() -> {
            HttpServer server = HttpServer.builder().port(0).address(InetAddress.getLoopbackAddress())
                    .route(Method.GET, "/", r -> Response.ok("ok")).start();
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
                System.out.println("served " + r.substring(9, 12));
            }
            // returns with the server running and a connection open: Zsync.run ends both
        });
    }
}
