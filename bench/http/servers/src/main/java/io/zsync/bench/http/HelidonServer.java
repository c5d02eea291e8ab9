package io.zsync.bench.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Helidon SE 4.2 (its own virtual-thread-per-connection server). It writes {@code Date}. Its log is cut to SEVERE:
 * when wrk stops with pipelined requests in flight Helidon logs a warning and a stack trace per connection (broken
 * pipe), which would count in its CPU time.
 */
public final class HelidonServer {
    private static final Logger HELIDON = Logger.getLogger("io.helidon");   // held: JUL keeps loggers weakly

    private HelidonServer() {}

    public static void main(String[] args) {
        HELIDON.setLevel(Level.SEVERE);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Contract.port(args))
                .routing(routing -> routing
                        .get(Contract.PLAINTEXT, (request, response) -> {
                            response.header(HeaderNames.CONTENT_TYPE, Contract.TEXT_PLAIN);
                            response.header(HeaderNames.SERVER, "helidon");
                            response.send(Contract.HELLO_BYTES);
                        })
                        .post(Contract.ECHO, (request, response) -> {
                            byte[] body = request.content().as(byte[].class);
                            response.header(HeaderNames.CONTENT_TYPE, Contract.OCTET_STREAM);
                            response.header(HeaderNames.SERVER, "helidon");
                            response.send(body);
                        }))
                .build()
                .start();
        System.out.println("helidon listening on 127.0.0.1:" + server.port());
    }
}
