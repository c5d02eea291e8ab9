package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ManualClock;
import io.zsync.Zsync;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow-loris and idle connections are closed on time while other connections are served: with timeouts shortened
 * to half a second of real time, and with the defaults on a manual clock.
 */
@Timeout(60)
class TimeoutTest {
    private static final String HOST = "Host: localhost\r\n";

    private static HttpServer.Builder server() {
        return Servers.builder()
                .headTimeout(Duration.ofMillis(500))
                .idleTimeout(Duration.ofMillis(500))
                .route(Method.GET, "/", r -> Response.ok("ok"));
    }

    private static void servesAnother(HttpServer server) throws Exception {
        try (Raw other = new Raw(server.port())) {
            String r = other.send("GET / HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
            assertTrue(r.startsWith("HTTP/1.1 200 "), r);
        }
    }

    @Test
    void aSilentConnectionIsClosedWithoutAWord() throws Exception {
        Servers.with(server(), server -> {
            try (Raw silent = new Raw(server.port())) {
                servesAnother(server);
                assertEquals("", silent.readToClose(), "closed, nothing sent");
            }
        });
    }

    @Test
    void aSlowLorisGets408AndIsClosed() throws Exception {
        Servers.with(server(), server -> {
            try (Raw loris = new Raw(server.port())) {
                loris.send("GET / HTTP/1.1\r\n");
                String answer = null;
                for (int i = 0; i < 40 && answer == null; i++) {
                    servesAnother(server);
                    Zsync.sleep(Duration.ofMillis(100));
                    try {
                        loris.send("X-Slow-" + i + ": a\r\n");   // a header line every 0.1 s: never a whole head
                    } catch (java.io.IOException closed) {
                        answer = loris.readToClose();
                    }
                }
                if (answer == null) {
                    answer = loris.readToClose();
                }
                assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
                assertTrue(answer.contains("headTimeout"), "names the setting: " + answer);
            }
        });
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedSilently() throws Exception {
        Servers.with(server(), server -> {
            try (Raw idle = new Raw(server.port())) {
                String r = idle.send("GET / HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
                assertTrue(r.startsWith("HTTP/1.1 200 "), r);
                servesAnother(server);
                assertEquals("", idle.readToClose(), "closed after the idle timeout, without a further byte");
            }
        });
    }

    @Test
    void theDefaultHeadTimeoutOnAManualClock() throws Exception {
        ManualClock clock = ManualClock.create();
        Servers.REPORTED.clear();
        Zsync.run(Config.optimal().toBuilder().clock(clock).build(), () -> {
            HttpServer server = Servers.builder().route(Method.GET, "/", r -> Response.ok("ok")).start();
            boolean passed = false;
            try (Raw silent = new Raw(server.port()); Raw partial = new Raw(server.port())) {
                partial.send("GET / HTTP/1.1\r\n");
                servesAnother(server);   // accepted after the two: they were accepted (at virtual time 0) first
                advanceWhenTheReaperSleeps(clock, Duration.ofSeconds(9));
                assertTrue(silent.openAfter(300) && partial.openAfter(1), "9 s of virtual time: within the limit");
                advanceWhenTheReaperSleeps(clock, Duration.ofSeconds(2));
                assertEquals("", silent.readToClose(), "11 s: the silent one closed without a word");
                assertTrue(partial.readToClose().startsWith("HTTP/1.1 408 "), "and the partial one got 408");
                passed = true;
            } finally {
                // a grace on this clock passes only if the test advances it: after a failure, do not wait for it
                server.shutdown(passed ? Duration.ofSeconds(10) : Duration.ZERO);
            }
        });
    }

    /**
     * Advances once the server's timeout task is parked on the clock (its only timed wait): woken by the last
     * advance, it reads the time and sleeps again; an advance in between would leave its next tick past the
     * deadlines the test waits for (CI saw this once).
     */
    private static void advanceWhenTheReaperSleeps(ManualClock clock, Duration by) throws InterruptedException {
        for (int i = 0; clock.pendingTimers() == 0; i++) {
            assertTrue(i < 10_000, "the server's timeout task never slept on the manual clock");
            Thread.sleep(1);
        }
        clock.advance(by);
    }
}
