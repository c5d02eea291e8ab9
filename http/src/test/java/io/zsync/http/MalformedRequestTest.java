package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests a smuggling-prone parser would guess at, sent byte for byte on raw sockets: each is answered with its
 * status and then the connection closed; the well-formed oddities are served and the connection kept.
 */
@Timeout(60)
class MalformedRequestTest {
    private static final String HOST = "Host: localhost\r\n";

    static Stream<Arguments> refused() {
        String big = "a".repeat(16 * 1024);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        return Stream.of(
                refused("Content-Length and Transfer-Encoding", 400,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\n"),
                refused("two different Content-Length", 400,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                refused("Content-Length +5", 400, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: +5\r\n\r\nhello"),
                refused("Content-Length 5, 5", 400,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5, 5\r\n\r\nhello"),
                refused("Content-Length 5x", 400, "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5x\r\n\r\nhello"),
                refused("Content-Length of 20 digits", 400,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 00000000000000000005\r\n\r\nhello"),
                refused("Transfer-Encoding chunked, gzip", 400,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
                refused("Transfer-Encoding xchunked", 400,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                refused("Transfer-Encoding twice", 400, "POST /echo HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                refused("HTTP/1.0 with Transfer-Encoding", 400,
                        "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                refused("Transfer-Encoding gzip, chunked", 501,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                refused("space before a colon", 400, "GET / HTTP/1.1\r\n" + HOST + "X-A : b\r\n\r\n"),
                refused("obs-fold", 400, "GET / HTTP/1.1\r\n" + HOST + "X-A: b\r\n c\r\n\r\n"),
                refused("bare CR", 400, "GET / HTTP/1.1\r\n" + HOST + "X-A: b\rc\r\n\r\n"),
                refused("bare-LF line ends", 400, "GET / HTTP/1.1\nHost: localhost\n\n"),
                refused("NUL in a value", 400, "GET / HTTP/1.1\r\n" + HOST + "X-A: b\0c\r\n\r\n"),
                refused("a control character in a value", 400, "GET / HTTP/1.1\r\n" + HOST + "X-A: b\u0001c\r\n\r\n"),
                refused("@ in a header name", 400, "GET / HTTP/1.1\r\n" + HOST + "X@A: b\r\n\r\n"),
                refused("a bad chunk size", 400,
                        "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                                + "zz\r\nhello\r\n0\r\n\r\n"),
                refused("an overflowing chunk size", 400, "POST /echo HTTP/1.1\r\n" + HOST
                        + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
                refused("a missing Host", 400, "GET / HTTP/1.1\r\n\r\n"),
                refused("a duplicate Host", 400, "GET / HTTP/1.1\r\n" + HOST + HOST + "\r\n"),
                refused("an invalid Host", 400, "GET / HTTP/1.1\r\nHost: user@evil.example\r\n\r\n"),
                refused("method G@T", 400, "G@T / HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("two spaces in the request line", 400, "GET  / HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("http/1.1 in lower case", 400, "GET / http/1.1\r\n" + HOST + "\r\n"),
                refused("HTTP/2.0", 505, "GET / HTTP/2.0\r\n" + HOST + "\r\n"),
                refused("GET *", 400, "GET * HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("a 16 KiB URI", 414, "GET /" + big + " HTTP/1.1\r\n" + HOST + "\r\n"),
                refused("a 17 KiB header", 431, "GET / HTTP/1.1\r\n" + HOST + "X-Big: " + big + "a".repeat(1024)
                        + "\r\n\r\n"),
                refused("101 headers", 431, "GET / HTTP/1.1\r\n" + HOST + many + "\r\n"));
    }

    private static Arguments refused(String what, int status, String request) {
        return Arguments.of(what, status, request);
    }

    private static HttpServer.Builder server() {
        return Servers.builder()
                .route(Method.GET, "/", r -> Response.ok("root"))
                .route(Method.POST, "/echo", r -> Response.bytes(200, "application/octet-stream", r.bodyBytes()));
    }

    @ParameterizedTest(name = "{0} -> {1}, closed")
    @MethodSource("refused")
    void isAnsweredThenClosed(String what, int status, String request) throws Exception {
        Servers.with(server(), server -> {
            try (Raw c = new Raw(server.port())) {
                String answer = c.send(request).readToClose();
                assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), what + ": " + answer);
                assertTrue(answer.contains("\r\nConnection: close\r\n"), what + ": " + answer);
            }
        });
    }

    @Test
    void http12IsServedAsHttp11AndKept() throws Exception {
        Servers.with(server(), server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET / HTTP/1.2\r\n" + HOST + "\r\n").readResponse();
                assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
                assertTrue(r.endsWith("\r\n\r\nroot"), r);
                assertTrue(c.openAfter(200), "kept open");
            }
        });
    }

    @Test
    void anUnknownExpectationGets417AndTheConnectionIsKept() throws Exception {
        Servers.with(server(), server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET / HTTP/1.1\r\n" + HOST + "Expect: foo\r\n\r\n").readResponse();
                assertTrue(r.startsWith("HTTP/1.1 417 Expectation Failed\r\n"), r);
                String next = c.send("GET / HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
                assertTrue(next.startsWith("HTTP/1.1 200 OK\r\n"), next);
            }
        });
    }

    @Test
    void twoPipelinedRequestsAreAnsweredInOrder() throws Exception {
        Servers.with(server(), server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET / HTTP/1.1\r\n" + HOST + "\r\nPOST /echo HTTP/1.1\r\n" + HOST
                        + "Content-Length: 5\r\n\r\nhello");
                String first = c.readResponse();
                String second = c.readResponse();
                assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n") && first.endsWith("root"), first);
                assertTrue(second.startsWith("HTTP/1.1 200 OK\r\n") && second.endsWith("hello"), second);
                assertTrue(c.openAfter(200), "kept open");
            }
        });
    }

    @Test
    void headGetsTheHeadersAndNoBody() throws Exception {
        Servers.with(server(), server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.head().send("HEAD / HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
                assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n"), r);
                assertTrue(r.contains("\r\nContent-Length: 4\r\n"), "the length a GET would have: " + r);
                assertTrue(r.endsWith("\r\n\r\n"), r);
                assertTrue(c.openAfter(200), "no body byte follows, and the connection stays open");
            }
        });
    }

    @Test
    void http10IsServedAndClosedUnlessItAsksForKeepAlive() throws Exception {
        Servers.with(server(), server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET / HTTP/1.0\r\n\r\n").readToClose();
                assertTrue(r.startsWith("HTTP/1.1 200 OK\r\n") && r.endsWith("root"), r);
            }
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readResponse();
                assertTrue(r.contains("\r\nConnection: keep-alive\r\n"), r);
                assertTrue(c.openAfter(200), "kept open");
            }
        });
        assertEquals(0, Servers.REPORTED.size(), Servers.REPORTED.toString());
    }
}
