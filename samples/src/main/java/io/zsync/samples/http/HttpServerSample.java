package io.zsync.samples.http;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.http.HttpException;
import io.zsync.http.HttpServer;
import io.zsync.http.Method;
import io.zsync.http.Response;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * An HTTP server on zsync: plaintext, a JSON echo, a streaming upload to a file, a clock of server-sent events fed by
 * a channel, and a graceful shutdown on SIGTERM (Ctrl-C). Run it with
 * {@code ./mvnw -q -pl samples -am -DskipTests package exec:exec -Dsample=io.zsync.samples.http.HttpServerSample}, then
 * {@code curl localhost:8080/plaintext}, {@code curl -N localhost:8080/clock}. With the argument {@code --self-test}
 * (HttpSamplesTest) it listens on a free port, calls itself with the JDK's HttpClient, prints what it got, and
 * exits.
 */
public final class HttpServerSample {
    private HttpServerSample() {
    }

    public static void main(String[] args) throws Exception {
        boolean selfTest = args.length > 0 && args[0].equals("--self-test");
        Path uploads = Files.createTempDirectory("zsync-uploads");
        Zsync.run(() -> {
            HttpServer server = HttpServer.builder()
                    .port(selfTest ? 0 : 8080)
                    .address(InetAddress.getLoopbackAddress())
                    .route(Method.GET, "/plaintext", request -> Response.ok("Hello, World!"))
                    .route(Method.POST, "/echo", request -> {
                        String type = request.header("Content-Type");
                        if (type == null || !type.startsWith("application/json")) {
                            throw new HttpException(415, "send Content-Type: application/json");
                        }
                        return Response.bytes(200, "application/json", request.bodyBytes());
                    })
                    .route(Method.PUT, "/uploads/{name}", request -> {
                        Path file = uploads.resolve(Path.of(request.pathParam("name")).getFileName());
                        try (InputStream body = request.body()) {                 // read as it arrives, not in memory
                            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
                        }
                        return Response.text(201, "stored " + Files.size(file) + " bytes\n");
                    })
                    .route(Method.GET, "/clock", request -> {
                        Channel<String> ticks = Zsync.bounded(1);
                        Zsync.spawn(() -> {
                            try (ticks) {
                                for (int i = 0; i < (selfTest ? 3 : Integer.MAX_VALUE); i++) {
                                    ticks.send(LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
                                    Zsync.sleep(Duration.ofMillis(selfTest ? 10 : 1000));
                                }
                            }
                        });
                        return Response.sse(ticks);
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5))));
            System.out.println("serving on http://localhost:" + server.port() + " (Ctrl-C stops it gracefully)");
            if (selfTest) {
                selfTest(server.port());
                server.close();
            }
            server.serve();
        });
    }

    private static void selfTest(int port) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + port;
            print(client.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            print(client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"zsync\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            print(client.send(HttpRequest.newBuilder(URI.create(base + "/uploads/notes.txt"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(),
                    HttpResponse.BodyHandlers.ofString()));
            HttpResponse<String> clock = client.send(HttpRequest.newBuilder(URI.create(base + "/clock")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(clock.statusCode() + " " + clock.body().lines().filter(l -> !l.isEmpty()).count()
                    + " clock events");
        }
    }

    private static void print(HttpResponse<String> r) {
        System.out.println(r.statusCode() + " " + r.body().strip());
    }
}
