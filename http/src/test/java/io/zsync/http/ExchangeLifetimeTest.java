package io.zsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an exchange's end does to the work it started: the tasks a handler spawned are cancelled when its exchange
 * ends, and with {@code cancelOnClientClose} a client that goes away mid-handler cancels the handler; without the
 * option, the handler runs to its end.
 */
@Timeout(60)
class ExchangeLifetimeTest {
    private static final String HOST = "Host: localhost\r\n";

    @Test
    void whatAHandlerSpawnedIsCancelledWhenItsExchangeEnds() throws Exception {
        CompletableFuture<Task<Void>> spawned = new CompletableFuture<>();
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/", r -> {
            spawned.complete(Zsync.spawn("left behind", () -> Zsync.sleep(Duration.ofDays(1))));
            return Response.ok("answered");
        });
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                assertTrue(c.send("GET / HTTP/1.1\r\n" + HOST + "\r\n").readResponse().endsWith("answered"));
                Task<Void> child = spawned.get(10, TimeUnit.SECONDS);
                assertInstanceOf(Outcome.Cancelled.class, child.join(), "cancelled with its exchange");
                // the connection itself lives on: the next request on it is served
                assertTrue(c.send("GET / HTTP/1.1\r\n" + HOST + "\r\n").readResponse().endsWith("answered"));
            }
        });
    }

    @Test
    void anEventStreamsProducerIsCancelledWhenItsClientGoesAway() throws Exception {
        CompletableFuture<Task<Void>> producer = new CompletableFuture<>();
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/events", r -> {
            Channel<String> events = Zsync.bounded(4);
            producer.complete(Zsync.spawn("ticks", () -> {
                try {
                    for (int i = 0; ; i++) {
                        events.send("tick " + i);
                        Zsync.sleep(Duration.ofMillis(5));
                    }
                } finally {
                    events.close();
                }
            }));
            return Response.sse(events);
        });
        Servers.with(b, server -> {
            Task<Void> ticks;
            try (Raw c = new Raw(server.port())) {
                c.send("GET /events HTTP/1.1\r\n" + HOST + "\r\n");
                assertTrue(c.readResponseHead().startsWith("HTTP/1.1 200 "));
                assertTrue(c.line().length() > 0, "an event's chunk came");
                ticks = producer.get(10, TimeUnit.SECONDS);
            }
            assertInstanceOf(Outcome.Cancelled.class, ticks.join(), "the producer stopped with its stream");
        });
    }

    @Test
    void withCancelOnClientCloseAClientThatGoesAwayCancelsItsHandler() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
        CompletableFuture<Task<Void>> helper = new CompletableFuture<>();
        HttpServer.Builder b = Servers.builder().cancelOnClientClose(true).route(Method.POST, "/report", r -> {
            byte[] body = r.bodyBytes();   // the watch starts once the body is read whole
            helper.complete(Zsync.spawn(() -> Zsync.sleep(Duration.ofDays(1))));
            inHandler.countDown();
            try {
                Zsync.sleep(Duration.ofDays(1));   // a long report
                handlerSaw.complete(null);
            } catch (Throwable t) {
                handlerSaw.complete(t);
                throw t;
            }
            return Response.ok("report of " + body.length);
        });
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("POST /report HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello");
                assertTrue(inHandler.await(10, TimeUnit.SECONDS));
            }   // the client goes away
            assertInstanceOf(TaskCancelledException.class, handlerSaw.get(10, TimeUnit.SECONDS));
            assertInstanceOf(Outcome.Cancelled.class, helper.get().join(), "its children too");
        });
    }

    @Test
    void withoutTheOptionTheHandlerRunsToItsEnd() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> finished = new CompletableFuture<>();
        HttpServer.Builder b = Servers.builder().route(Method.GET, "/slow", r -> {
            inHandler.countDown();
            release.await();
            finished.complete("ran to its end");
            return Response.ok("late");
        });
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET /slow HTTP/1.1\r\n" + HOST + "\r\n");
                assertTrue(inHandler.await(10, TimeUnit.SECONDS));
            }
            release.countDown();
            assertEquals("ran to its end", finished.get(10, TimeUnit.SECONDS));
        });
    }

    /**
     * With the option on, what the watcher reads while a handler runs is a pipelined request, not a close: it is
     * served after, in order; and a keep-alive connection serves request after request (a watch each).
     */
    @Test
    void withCancelOnClientClosePipelinedAndKeptAliveRequestsAreServedInOrder() throws Exception {
        CountDownLatch inSlow = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        HttpServer.Builder b = Servers.builder().cancelOnClientClose(true)
                .route(Method.GET, "/slow", r -> {
                    inSlow.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        cancelled.set(true);
                        throw e;
                    }
                    return Response.ok("first");
                })
                .route(Method.POST, "/echo", r -> Response.ok(r.bodyString()))
                .route(Method.GET, "/n/{i}", r -> Response.ok("n" + r.pathParam("i")));
        Servers.with(b, server -> {
            try (Raw c = new Raw(server.port())) {
                c.send("GET /slow HTTP/1.1\r\n" + HOST + "\r\n");
                assertTrue(inSlow.await(10, TimeUnit.SECONDS));
                // while /slow runs (the watcher reading), the client sends two more requests
                c.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 6\r\n\r\nsecond"
                        + "GET /n/3 HTTP/1.1\r\n" + HOST + "\r\n");
                release.countDown();
                assertTrue(c.readResponse().endsWith("first"));
                assertTrue(c.readResponse().endsWith("second"));
                assertTrue(c.readResponse().endsWith("n3"));
                for (int i = 0; i < 200; i++) {
                    String r = c.send("GET /n/" + i + " HTTP/1.1\r\n" + HOST + "\r\n").readResponse();
                    assertTrue(r.endsWith("n" + i), r);
                }
                c.send("POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
                assertTrue(c.readResponse().endsWith("abc"));
            }
            assertFalse(cancelled.get(), "a client that kept sending was never taken for gone");
        });
    }
}
