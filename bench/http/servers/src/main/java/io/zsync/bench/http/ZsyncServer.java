package io.zsync.bench.http;

import io.zsync.Zsync;
import io.zsync.http.HttpServer;
import io.zsync.http.Method;
import io.zsync.http.Response;
import java.net.InetAddress;

/** zsync-http: the project's server, as a user writes it. */
public final class ZsyncServer {
    private ZsyncServer() {}

    public static void main(String[] args) throws Exception {
        int port = Contract.port(args);
        Zsync.run(() -> {
            HttpServer server = HttpServer.builder()
                    .port(port)
                    .address(InetAddress.getLoopbackAddress())
                    .route(Method.GET, Contract.PLAINTEXT, request -> Response.ok(Contract.HELLO))
                    .route(Method.POST, Contract.ECHO,
                            request -> Response.bytes(200, Contract.OCTET_STREAM, request.bodyBytes()))
                    .start();
            System.out.println("zsync-http listening on 127.0.0.1:" + server.port());
            server.serve();
        });
    }
}
