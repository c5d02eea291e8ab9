package io.zsync.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Zsync;
import io.zsync.jsonrpc.lsp.LanguageServer;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Every message counted under cancellation and close: requests (some exclusive) and notifications on four lanes
 * with a small inbound channel and a low limit, cancellations of random earlier requests, and the input closed in
 * the middle of it all. Each request is answered exactly once (its result, or -32800 if cancelled), each lane's
 * notifications are applied once each in order, nothing reaches the uncaught handler.
 */
@Timeout(120)
class EndpointStressTest {
    record Lane(String uri) {
    }

    record Note(Lane textDocument, int seq) {
    }

    record Work(Lane textDocument, int id) {
    }

    private static final int LANES = 4;

    private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
    private final AtomicInteger outOfOrder = new AtomicInteger();
    private final AtomicInteger notAlone = new AtomicInteger();   // an exclusive request overlapped its lane's work
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();   // handlers running, per lane
    private final Map<String, java.util.concurrent.atomic.AtomicBoolean> exclusive = new ConcurrentHashMap<>();

    private void enter(String lane) {
        if (exclusive.computeIfAbsent(lane, k -> new java.util.concurrent.atomic.AtomicBoolean()).get()) {
            notAlone.incrementAndGet();
        }
        active.computeIfAbsent(lane, k -> new AtomicInteger()).incrementAndGet();
    }

    private void leave(String lane) {
        active.get(lane).decrementAndGet();
    }

    private JsonRpcServer server() {
        return LanguageServer.builder()
                .inboundCapacity(8)
                .maxConcurrentRequests(8)
                .notification("test/note", Note.class, (ctx, p) -> {
                    enter(p.textDocument().uri());
                    AtomicInteger last = applied.computeIfAbsent(p.textDocument().uri(), k -> new AtomicInteger());
                    if (!last.compareAndSet(p.seq() - 1, p.seq())) {
                        outOfOrder.incrementAndGet();
                    }
                    leave(p.textDocument().uri());
                })
                .request("test/work", Work.class, (ctx, p) -> {
                    enter(p.textDocument().uri());
                    try {
                        if (p.id() % 3 == 0) {
                            Zsync.sleep(Duration.ofNanos(200_000L * (p.id() % 5)));
                        }
                        return p.id();
                    } finally {
                        leave(p.textDocument().uri());
                    }
                })
                .exclusiveRequest("test/barrier", Work.class, (ctx, p) -> {
                    String lane = p.textDocument().uri();
                    java.util.concurrent.atomic.AtomicBoolean alone =
                            exclusive.computeIfAbsent(lane, k -> new java.util.concurrent.atomic.AtomicBoolean());
                    if (!alone.compareAndSet(false, true)
                            || active.computeIfAbsent(lane, k -> new AtomicInteger()).get() != 0) {
                        notAlone.incrementAndGet();
                    }
                    try {
                        Zsync.yieldNow();   // a cancellation may interrupt it here
                        return p.id();
                    } finally {
                        alone.set(false);
                    }
                })
                .build();
    }

    @Test
    void everyRequestIsAnsweredOnceAndEveryNotificationAppliedInOrder() throws Exception {
        int requests = 6_000;
        SplittableRandom random = new SplittableRandom(42);
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger cancelledAnswers = new AtomicInteger();
        int[] seq = new int[LANES];
        try (Conn c = Conn.open(server())) {
            c.initialize();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    for (int got = 0; got < requests; got++) {
                        JsonNode r = c.readResponse();
                        int id = r.get("id").asInt();
                        answers.merge(id, 1, Integer::sum);
                        if (r.has("error")) {
                            assertEquals(ErrorCodes.REQUEST_CANCELLED, r.path("error").path("code").asInt(), r.toString());
                            cancelledAnswers.incrementAndGet();
                        } else {
                            assertEquals(id, r.get("result").asInt(), r.toString());
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int id = 1; id <= requests; id++) {
                int lane = random.nextInt(LANES);
                String doc = "{\"uri\":\"file:///" + lane + "\"}";
                c.notification("test/note", "{\"textDocument\":" + doc + ",\"seq\":" + (++seq[lane]) + "}");
                String method = id % 50 == 0 ? "test/barrier" : "test/work";
                c.request(id, method, "{\"textDocument\":" + doc + ",\"id\":" + id + "}");
                if (random.nextInt(4) == 0) {
                    c.notification("$/cancelRequest", "{\"id\":" + Math.max(1, id - random.nextInt(16)) + "}");
                }
            }
            reader.join(60_000);
            assertEquals(requests, answers.size(), "every request answered");
            assertTrue(answers.values().stream().allMatch(n -> n == 1), "each exactly once");
            for (int lane = 0; lane < LANES; lane++) {
                c.request("\"sync" + lane + "\"", "test/work", "{\"textDocument\":{\"uri\":\"file:///" + lane
                        + "\"},\"id\":0}");
                c.readResponse();   // after every earlier notification on that lane
                assertEquals(seq[lane], applied.get("file:///" + lane).get(), "lane " + lane + " applied them all");
            }
            assertEquals(0, outOfOrder.get(), "notifications in order on each lane");
            assertEquals(0, notAlone.get(), "exclusive requests alone on their lane");
            System.out.printf("stress: %d requests, %d answered cancelled%n", requests, cancelledAnswers.get());
            assertTrue(c.reported.isEmpty(), "nothing reached the uncaught handler: " + c.reported);
        }
    }

    @Test
    void closingTheInputInTheMiddleEndsEverythingAndReportsNothing() throws Exception {
        for (int round = 0; round < 20; round++) {
            Conn c = Conn.open(server());
            c.initialize();
            for (int id = 1; id <= 300; id++) {
                String doc = "{\"uri\":\"file:///" + (id % LANES) + "\"}";
                c.notification("test/note", "{\"textDocument\":" + doc + ",\"seq\":" + id + "}");
                c.request(id, id % 10 == 0 ? "test/barrier" : "test/work", "{\"textDocument\":" + doc + ",\"id\":" + id
                        + "}");
            }
            c.closeInput();
            assertEquals(1, c.status(Duration.ofSeconds(20)), "end of input without shutdown");
            assertTrue(c.reported.isEmpty(), "nothing reached the uncaught handler: " + c.reported);
        }
    }
}
