package io.zsync.samples.http;

import io.zsync.Task;
import io.zsync.TaskScope;
import io.zsync.Zsync;
import io.zsync.http.HttpServer;
import io.zsync.http.Method;
import io.zsync.http.Response;
import io.zsync.sync.Semaphore;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's HttpClient inside zsync tasks, against the project's own server: race two mirrors and take the first
 * success, then a batch download limited to 4 at a time by a Semaphore, in a TaskScope, under a timeout.
 * {@code ./mvnw -q -pl samples -am -DskipTests package exec:exec -Dsample=io.zsync.samples.http.HttpClientSample}
 */
public final class HttpClientSample {
    private HttpClientSample() {
    }

    public static void main(String[] args) throws Exception {
        Zsync.run(() -> {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            HttpServer server = HttpServer.builder().port(0).address(InetAddress.getLoopbackAddress())
                    .route(Method.GET, "/mirror/slow/{file}", r -> {
                        Zsync.sleep(Duration.ofSeconds(5));   // a mirror that is slow today
                        return Response.ok("slow copy of " + r.pathParam("file"));
                    })
                    .route(Method.GET, "/mirror/fast/{file}", r -> Response.ok("fast copy of " + r.pathParam("file")))
                    .route(Method.GET, "/files/{n}", r -> {
                        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        try {
                            Zsync.sleep(Duration.ofMillis(20));
                            return Response.ok("file " + r.pathParam("n"));
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    })
                    .start();
            String base = "http://127.0.0.1:" + server.port();
            try (HttpClient client = HttpClient.newHttpClient()) {
                // 1. Two mirrors: the first success wins, the slower request is cancelled (and its task waited for)
                Task<String> slow = Zsync.spawn(() -> get(client, base + "/mirror/slow/release.tar"));
                Task<String> fast = Zsync.spawn(() -> get(client, base + "/mirror/fast/release.tar"));
                System.out.println("first mirror to answer: " + Zsync.firstSuccess(slow, fast));

                // 2. Twenty downloads, at most four at a time, all within ten seconds or none
                Semaphore permits = Semaphore.create(4);
                List<String> files = Zsync.timeout(() -> {
                    try (TaskScope scope = TaskScope.open()) {
                        List<Task<String>> downloads = new java.util.ArrayList<>();
                        for (int n = 1; n <= 20; n++) {
                            String uri = base + "/files/" + n;
                            downloads.add(scope.spawn(() -> permits.withPermit(() -> get(client, uri))));
                        }
                        scope.joinAll();
                        return downloads.stream().map(Task::await).toList();
                    }
                }, Duration.ofSeconds(10));
                System.out.println("downloaded " + files.size() + " files, at most " + peak.get()
                        + " at a time; the last: " + files.get(files.size() - 1));
            } finally {
                server.close();
            }
        });
    }

    private static String get(HttpClient client, String uri) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + r.statusCode());
        }
        return r.body();
    }
}
