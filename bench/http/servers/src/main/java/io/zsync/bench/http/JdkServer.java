package io.zsync.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** The JDK's {@code com.sun.net.httpserver.HttpServer} with a virtual thread per exchange. It writes {@code Date}. */
public final class JdkServer {
    private JdkServer() {}

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Contract.port(args)), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(Contract.PLAINTEXT, exchange -> {
            if (!exact(exchange, "GET", Contract.PLAINTEXT)) {
                return;
            }
            exchange.getRequestBody().close();
            send(exchange, Contract.TEXT_PLAIN, Contract.HELLO_BYTES);
        });
        server.createContext(Contract.ECHO, exchange -> {
            if (!exact(exchange, "POST", Contract.ECHO)) {
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            send(exchange, Contract.OCTET_STREAM, body);
        });
        server.start();
        System.out.println("jdk-httpserver listening on 127.0.0.1:" + server.getAddress().getPort());
    }

    private static boolean exact(HttpExchange exchange, String method, String path) throws IOException {
        if (exchange.getRequestMethod().equals(method) && exchange.getRequestURI().getPath().equals(path)) {
            return true;
        }
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return false;
    }

    private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Server", "jdk");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
