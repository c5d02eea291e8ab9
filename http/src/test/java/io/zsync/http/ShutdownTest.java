package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful shutdown: idle connections at once, in-flight ones finished, the rest cancelled at the deadline. */
@Timeout(60)
class ShutdownTest {
    private static final String HOST = "Host: localhost\r\n";

    @Test
    void idleConnectionsCloseAtOnceAndAnInFlightRequestCompletesWithConnectionClose() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer.Builder b = Servers.builder()
                .route(Method.GET, "/", r -> Response.ok("quick"))
                .route(Method.GET, "/slow", r -> {
                    inHandler.countDown();
                    release.await();
                    return Response.ok("slow done");
                });
        Servers.with(b, server -> {
            try (Raw idle = new Raw(server.port()); Raw busy = new Raw(server.port())) {
                assertTrue(idle.send("GET / HTTP/1.1\r\n" + HOST + "\r\n").readResponse().endsWith("quick"));
                busy.send("GET /slow HTTP/1.1\r\n" + HOST + "\r\n");
                assertTrue(inHandler.await(10, TimeUnit.SECONDS));
                Task<Void> stopping = Zsync.spawn(() -> server.shutdown(Duration.ofSeconds(30)));
                assertTrue(idle.closedByServer(), "the idle connection is closed at once");
                assertTrue(stopping.state() == io.zsync.TaskState.PENDING, "shutdown waits for the busy one");
                release.countDown();
                String r = busy.readToClose();
                assertTrue(r.startsWith("HTTP/1.1 200 ") && r.endsWith("slow done"), r);
                assertTrue(r.contains("\r\nConnection: close\r\n"), r);
                stopping.await(Duration.ofSeconds(10));
            }
        });
    }

    @Test
    void anEndlessEventStreamIsCancelledAtTheDeadlineAndReported() throws Exception {
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/events", r -> {
            Channel<String> never = Zsync.bounded(1);   // nothing is ever sent, and it is never closed
            return Response.sse(never);
        });
        Servers.withReports(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET /events HTTP/1.1\r\n" + HOST + "\r\n");
                String head = c.readResponseHead();
                assertTrue(head.startsWith("HTTP/1.1 200 "), head);
                server.shutdown(Duration.ofMillis(300));
                assertTrue(c.closedByServer(), "cut off at the deadline");
            }
        });
        assertEquals(1, Servers.REPORTED.size(), Servers.REPORTED.toString());
        assertTrue(Servers.REPORTED.get(0).getMessage().contains("still busy"), Servers.REPORTED.toString());
    }

    @Test
    void withNothingInFlightShutdownReturnsAtOnce() throws Exception {
        Servers.with(Servers.builder().route(Method.GET, "/", r -> Response.ok("ok")), server -> {
            List<Raw> idle = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Raw c = new Raw(server.port());
                assertTrue(c.send("GET / HTTP/1.1\r\n" + HOST + "\r\n").readResponse().endsWith("ok"));
                idle.add(c);
            }
            long start = System.nanoTime();
            server.shutdown(Duration.ofSeconds(30));
            long micros = (System.nanoTime() - start) / 1000;
            System.out.println("ShutdownTest: shutdown with 20 idle connections and nothing in flight took "
                    + micros + " µs");
            assertTrue(micros < 10_000_000, "a hang guard, not a speed test: " + micros + " µs");
            for (Raw c : idle) {
                assertTrue(c.closedByServer());
                c.close();
            }
        });
    }

    @Test
    void aChildJvmServingUnderZsyncRunExitsWhenMainReturns() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ServeAndReturn.class.getName()).redirectErrorStream(true).start();
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes());
        if (!exited) {
            p.destroyForcibly();
        }
        assertTrue(exited, "the JVM exited: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("served 200"), out);
    }
}
