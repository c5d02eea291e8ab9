package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Routing, the request's parts, the response kinds and the handler's failures, over raw sockets. */
@Timeout(60)
class HttpServerTest {
    private static final String HOST = "Host: localhost\r\n";

    @TempDir
    Path dir;

    private static String get(HttpServer server, String target) throws Exception {
        try (Raw c = new Raw(server.port())) {
            return c.send("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
        }
    }

    @Test
    void routesWithParametersQueryAndHeaders() throws Exception {
        HttpServer.Builder b = Servers.builder()
                .route(Method.GET, "/users/{id}", r -> Response.ok("user " + r.pathParam("id") + " full="
                        + r.query("full") + " tag=" + r.queryParams().get("tag") + " agent=" + r.header("user-AGENT")))
                .route(Method.GET, "/users/me", r -> Response.ok("me"))
                .route(Method.GET, "/files/*", r -> Response.ok("file " + r.path()));
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                String r = c.send("GET /users/7%20x?full=1&tag=a&tag=b+c HTTP/1.1\r\n" + HOST + "User-Agent: t\r\n\r\n")
                        .readResponse();
                assertTrue(r.endsWith("user 7 x full=1 tag=[a, b c] agent=t"), r);
            }
            assertTrue(get(server, "/users/me").endsWith("\r\n\r\nme"), "a literal segment beats a parameter");
            assertTrue(get(server, "/files/a/b.txt").endsWith("file /files/a/b.txt"));
            assertTrue(get(server, "/files/").endsWith("file /files/"), "* matches an empty rest");
            assertTrue(get(server, "http://localhost/users/me").endsWith("\r\n\r\nme"), "absolute-form target");
        });
    }

    @Test
    void notFoundAndMethodNotAllowedWithAllow() throws Exception {
        HttpServer.Builder b = Servers.builder()
                .route(Method.GET, "/thing", r -> Response.ok("get"))
                .route(Method.PUT, "/thing", r -> Response.ok("put"));
        Servers.with(b, server -> {
            assertTrue(get(server, "/nothing").startsWith("HTTP/1.1 404 Not Found\r\n"));
            try (Raw c = new Raw(server.port())) {
                String r = c.send("DELETE /thing HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
                assertTrue(r.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"), r);
                assertTrue(r.contains("\r\nAllow: GET, HEAD, PUT\r\n"), r);
            }
        });
    }

    @Test
    void anHttpExceptionGivesItsStatusAndAFailureA500ThatIsReported() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        HttpServer.Builder b = Servers.builder()
                .route(Method.GET, "/teapot", r -> {
                    throw new HttpException(418, "I'm a teapot");
                })
                .route(Method.GET, "/boom", r -> {
                    throw boom;
                });
        Servers.withReports(b, server -> {
            String teapot = get(server, "/teapot");
            assertTrue(teapot.startsWith("HTTP/1.1 418 ") && teapot.endsWith("I'm a teapot\n"), teapot);
            String r = get(server, "/boom");
            assertTrue(r.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), r);
            assertTrue(!r.contains("boom"), "no detail leaks to the client: " + r);
        });
        assertEquals(1, Servers.REPORTED.size(), Servers.REPORTED.toString());
        assertEquals(boom, Servers.REPORTED.get(0).getCause());
    }

    @Test
    void filtersWrapInOrderAndSeeEveryAnswer() throws Exception {
        HttpServer.Builder b = Servers.builder()
                .filter(next -> r -> next.handle(r).header("X-Outer", "1"))
                .filter(next -> r -> r.header("X-Deny") != null ? Response.text(403, "denied") : next.handle(r))
                .route(Method.GET, "/", r -> Response.ok("ok"));
        Servers.with(b, server -> {
            String ok = get(server, "/");
            assertTrue(ok.startsWith("HTTP/1.1 200 ") && ok.contains("\r\nX-Outer: 1\r\n"), ok);
            String missing = get(server, "/missing");
            assertTrue(missing.startsWith("HTTP/1.1 404 ") && missing.contains("\r\nX-Outer: 1\r\n"), missing);
            try (Raw c = new Raw(server.port())) {
                String denied = c.send("GET / HTTP/1.1\r\n" + HOST + "X-Deny: 1\r\n\r\n").readResponse();
                assertTrue(denied.startsWith("HTTP/1.1 403 ") && denied.contains("\r\nX-Outer: 1\r\n"), denied);
            }
        });
    }

    @Test
    void responseKinds() throws Exception {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "from a file");
        HttpServer.Builder b = Servers.builder()
                .route(Method.GET, "/file", r -> Response.file(file, "text/plain"))
                .route(Method.GET, "/missing-file", r -> Response.file(dir.resolve("nope"), "text/plain"))
                .route(Method.GET, "/known", r -> Response.stream("text/plain",
                        new ByteArrayInputStream("known length".getBytes(StandardCharsets.UTF_8)), 12))
                .route(Method.GET, "/unknown", r -> Response.stream("text/plain",
                        new ByteArrayInputStream("unknown length".getBytes(StandardCharsets.UTF_8)), -1))
                .route(Method.GET, "/writer", r -> Response.stream("text/plain", out -> {
                    out.write("one,".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write("two".getBytes(StandardCharsets.UTF_8));
                }))
                .route(Method.GET, "/nocontent", r -> Response.status(204));
        Servers.with(b, server -> {
            String f = get(server, "/file");
            assertTrue(f.contains("\r\nContent-Length: 11\r\n") && f.endsWith("from a file"), f);
            assertTrue(get(server, "/missing-file").startsWith("HTTP/1.1 404 "));
            String k = get(server, "/known");
            assertTrue(k.contains("\r\nContent-Length: 12\r\n") && k.endsWith("known length"), k);
            String u = get(server, "/unknown");
            assertTrue(u.contains("\r\nTransfer-Encoding: chunked\r\n"), u);
            assertTrue(u.endsWith("e\r\nunknown length\r\n0\r\n\r\n"), u);
            String w = get(server, "/writer");
            assertTrue(w.endsWith("4\r\none,\r\n3\r\ntwo\r\n0\r\n\r\n"), "a flush sends a chunk: " + w);
            String n = get(server, "/nocontent");
            assertTrue(n.startsWith("HTTP/1.1 204 ") && !n.contains("Content-Length") && n.endsWith("\r\n\r\n"), n);
        });
    }

    @Test
    void expectContinueIsAnsweredWhenTheHandlerReads() throws Exception {
        HttpServer.Builder b = Servers.builder()
                .route(Method.POST, "/echo", r -> Response.ok(r.bodyString()))
                .route(Method.POST, "/ignore", r -> Response.text(403, "no"));
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n");
                String interim = c.readResponse();
                assertEquals("HTTP/1.1 100 Continue\r\n\r\n", interim);
                String r = c.send("hello").readResponse();
                assertTrue(r.startsWith("HTTP/1.1 200 ") && r.endsWith("hello"), r);
            }
            try (Raw c = new Raw(server.port())) {
                String r = c.send("POST /ignore HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n"
                        + "Expect: 100-continue\r\n\r\n").readToClose();
                assertTrue(r.startsWith("HTTP/1.1 403 "), "the final status, no 100, then close: " + r);
                assertTrue(r.contains("\r\nConnection: close\r\n"), r);
            }
        });
    }

    /** bodyBytes: the whole body (none for a GET), what is left after the handler read some, chunked too. */
    @Test
    void bodyBytesReadsWhatIsLeftOfTheBody() throws Exception {
        HttpServer.Builder b = Servers.builder()
                .route(Method.GET, "/none", r -> Response.ok("[" + r.bodyBytes().length + "]"))
                .route(Method.POST, "/rest", r -> {
                    byte[] first = r.body().readNBytes(3);
                    return Response.ok(new String(first, java.nio.charset.StandardCharsets.US_ASCII) + "|"
                            + r.bodyString());
                });
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                assertTrue(c.send("GET /none HTTP/1.1\r\n" + HOST + "\r\n").readResponse().endsWith("[0]"));
                String r = c.send("POST /rest HTTP/1.1\r\n" + HOST + "Content-Length: 11\r\n\r\nhello world")
                        .readResponse();
                assertTrue(r.endsWith("hel|lo world"), r);
                r = c.send("POST /rest HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").readResponse();
                assertTrue(r.endsWith("hel|lo world"), r);
            }
        });
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> HttpServer.builder().route(Method.GET, "x", r -> null));
        assertThrows(IllegalArgumentException.class, () -> HttpServer.builder().route(Method.GET, "/a/*/b", r -> null));
        assertThrows(IllegalArgumentException.class, () -> HttpServer.builder()
                .route(Method.GET, "/a", r -> null).route(Method.GET, "/a", r -> null));
        assertThrows(IllegalArgumentException.class, () -> Response.ok("x").header("Content-Length", "1"));
        assertThrows(IllegalArgumentException.class, () -> Response.ok("x").header("X-A", "a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> Response.status(99));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HttpServer.builder().port(0).start());
        assertTrue(e.getMessage().contains("Zsync.run"), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class,
                assertThrows(IllegalArgumentException.class, () -> new HttpException(200, "x")));
    }
}
