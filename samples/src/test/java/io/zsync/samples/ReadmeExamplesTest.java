package io.zsync.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.ExecutionModel;
import io.zsync.Task;
import io.zsync.TaskExecutor;
import io.zsync.TaskScope;
import io.zsync.TaskTimeoutException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelResult;
import io.zsync.http.HttpServer;
import io.zsync.http.Method;
import io.zsync.http.Response;
import io.zsync.interop.Interop;
import io.zsync.jsonrpc.JsonRpcServer;
import io.zsync.jsonrpc.lsp.LanguageServer;
import io.zsync.streams.AsyncIterator;
import io.zsync.streams.Pipeline;
import io.zsync.streams.Streams;
import io.zsync.sync.Mutex;
import io.zsync.sync.Semaphore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Every Java example of README.md, word for word, compiled here with helpers written as a user would write them:
 * they throw checked exceptions ({@link IOException}) and return nothing where nothing is natural. Each runs, with the
 * channels, tasks and data it needs around it, except the CLI example, which calls {@code System.exit} (compiled
 * only; exit is proven in the runtime's child-JVM tests). {@link #everyReadmeExampleIsHereWordForWord()} keeps README
 * and this file in step: it fails when an example in README is not found here, line for line.
 */
@Timeout(60)
class ReadmeExamplesTest {

    // ---- the helpers the examples call: natural signatures, checked exceptions, void where nothing is returned ----

    record Job(int n) {
    }

    record Request(String name) {
    }

    record Line(String text) {
    }

    record Frame(int n) {
    }

    record Profile(String id) {
    }

    record Feed(String id) {
    }

    record User(String id) {
    }

    record Order(int n, boolean isLast) {
    }

    record Page(User user, List<Order> orders) {
    }

    record Entry(String text) {
    }

    /** A logger as the runtimes example uses it. */
    static final class Log {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        void error(String message, Throwable failure) {
            errors.add(failure);
        }
    }

    /** A ledger whose append returns nothing and may throw. */
    static final class Ledger {
        final List<Entry> entries = new CopyOnWriteArrayList<>();

        void append(Entry entry) throws IOException {
            entries.add(entry);
        }
    }

    /** An HTTP client whose call may throw. */
    static final class Http {
        String fetchName(String id) throws IOException {
            return "name of " + id;
        }
    }

    /** The step of the pipeline example. */
    static final class Recipe {
        static Integer cook(Integer raw) {
            return raw * 2;
        }
    }

    static final Log log = new Log();
    static final Ledger ledger = new Ledger();
    static final Http http = new Http();
    static final AtomicInteger ran = new AtomicInteger();
    static final AtomicInteger beats = new AtomicInteger();
    static final List<String> shown = new CopyOnWriteArrayList<>();

    static String fetch(String url) throws IOException {
        return "<html>" + url + "</html>";
    }

    static void watchConfigFile() throws IOException {
        while (true) {
            Zsync.sleep(Duration.ofSeconds(1));   // until cancelled
        }
    }

    static boolean doTheWork(String[] args) throws IOException {
        return args.length == 0;
    }

    static void run(Job job) {
        ran.incrementAndGet();
    }

    static void heartbeat() {
        beats.incrementAndGet();
    }

    static void serve(Request request) throws IOException {
        shown.add(request.name());
    }

    static Profile loadProfile(String id) throws IOException {
        return new Profile(id);
    }

    static Feed loadFeed(String id) {
        return new Feed(id);
    }

    static void render(Profile profile, Feed feed) {
        shown.add(profile.id() + "/" + feed.id());
    }

    static List<Line> read(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(Line::new).toList();
    }

    static void index(Line line) throws IOException {
        shown.add(line.text());
    }

    static void download(URI uri) throws IOException {
        shown.add(uri.toString());
    }

    static Frame render(int i) throws IOException {
        return new Frame(i);
    }

    static void show(Frame frame) {
        shown.add("frame " + frame.n());
    }

    static void handle(Order order) {
        shown.add("order " + order.n());
    }

    static User fetchUser(String id) throws IOException {
        return new User(id);
    }

    static List<Order> fetchOrders(String id) throws IOException {
        return List.of(new Order(1, false), new Order(2, true));
    }

    static List<URI> uris() {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            uris.add(URI.create("https://example.org/file/" + i));
        }
        return uris;
    }

    // ---- the examples, in README's order ----

    /** The example at the top of README. */
    static final class Intro {
        public static void main(String[] args) throws Exception {
            Zsync.run(() -> {
                Task<String> page = Zsync.spawn(() -> fetch("https://example.org"));   // fetch may throw IOException
                Zsync.spawn(() -> Zsync.sleep(Duration.ofHours(1)));   // forgotten: cancelled when main returns
                System.out.println(page.await().length());
            });
        }   // the JVM exits here, whatever main left running
    }

    @Test
    void introRunsAndExits() throws Exception {
        Intro.main(new String[0]);
    }

    @Test
    void runtimesAndConfiguration() throws Exception {
        Config config = Config.builder()
                .executionModel(ExecutionModel.WORK_STEALING)   // VIRTUAL_THREADS (default), WORK_STEALING, BLOCKING
                .workers(4)                                     // pool size for WORK_STEALING
                .threadNamePrefix("app-")                       // pool threads; virtual threads stay unnamed
                .uncaughtHandler((thread, failure) -> log.error("unhandled", failure))
                .shutdownGrace(Duration.ofMillis(500))
                .build();                                       // bad values: IllegalArgumentException naming the field
        System.out.println(Config.optimal().describe());
        // zsync: virtual threads (JDK carriers: 2) on 2 CPUs, grace 1000 ms
        try (ZsyncRuntime runtime = ZsyncRuntime.create(config)) {
            System.out.println(runtime.spawn("answer", () -> 6 * 7).await());
        }
    }

    @Test
    void executorsForJdkFacingCode() throws Exception {
        try (ZsyncRuntime runtime = Zsync.createOptimalRuntime()) {
            try (TaskExecutor executor = runtime.newExecutor()) {               // an ExecutorService
                CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> "hi", executor);
                Scheduler scheduler = Schedulers.fromExecutorService(executor);  // Reactor on zsync tasks
                System.out.println(f.join() + " from " + scheduler);
            }   // close() cancels what is left and waits (the JDK's close() would wait for it to finish)
        }
    }

    @Test
    void aTimedReceiveLoopWithoutExceptions() throws Exception {
        Channel<Job> jobs = Zsync.bounded(4);
        jobs.send(new Job(1));
        jobs.send(new Job(2));
        jobs.close();
        int before = ran.get();
        for (boolean open = true; open; ) {
            switch (jobs.recvCatching(Duration.ofSeconds(1))) {
                case ChannelResult.Value<Job>(Job job) -> run(job);
                case ChannelResult.Empty<Job> quiet -> heartbeat();
                case ChannelResult.Closed<Job>(Throwable cause) -> open = false;   // cause: null if closed normally
            }
        }
        assertEquals(before + 2, ran.get());
    }

    @Test
    void aRendezvousHandOff() throws Exception {
        Zsync.run(() -> {
            Channel<Request> handoff = Zsync.rendezvous();                    // Go's make(chan Request)
            Task<Void> worker = Zsync.spawn(() -> { for (Request r : handoff) serve(r); });   // serve may throw
            handoff.send(new Request("a"));                                  // returns once the worker took it
            boolean taken = handoff.trySend(new Request("b"));               // only if the worker waits right now
            handoff.close();
            worker.join();
            assertTrue(shown.contains("a"), "the worker took the element send handed over");
            assertEquals(taken, shown.contains("b"), "trySend's answer says whether the worker took it");
        });
    }

    @Test
    void aChannelIsAProcessor() throws Exception {
     Channel<Integer> channel = Zsync.bounded(256);
     Flux.range(0, 1_000_000).subscribe(channel);   // asks its upstream only for what fits: demand <= free capacity
     long sum = Flux.from(channel).map(i -> (long) i).reduce(0L, Long::sum).block();   // each element to one subscriber
        assertEquals(999_999L * 1_000_000L / 2, sum);
    }

    @Test
    void wiringWithoutCasts() throws Exception {
        Channel<Integer> source = Zsync.bounded(16);
        Channel<Integer> sink = Zsync.rendezvous();
        source.subscribe(sink);                                  // no cast
        Streams.fromIterable(List.of(1, 2, 3)).map(i -> i * 10).subscribe(source);
        assertEquals(List.of(10, 20, 30), List.of(sink.recv(), sink.recv(), sink.recv()));
        assertTrue(sink.recvCatching().isClosed(), "the pipeline's end closed both channels");
    }

    @Test
    void selectTakesExactlyOne() throws Exception {
        Zsync.run(() -> {
            Channel<String> orders = Zsync.bounded(4);
            Channel<String> cancels = Zsync.bounded(4);
            Channel<String> audit = Zsync.bounded(1);
            String event = "event";
            Task<String> refresh = Zsync.spawn(() -> "token");
            Semaphore slots = Semaphore.create(1);
            orders.send("o1");
            String next = Zsync.<String>select()
                    .onRecv(orders, o -> "order " + o)                     // receive from a channel
                    .onRecv(cancels, c -> "cancel " + c, () -> "closed")   // ... with a handler for its end
                    .onSend(audit, event, () -> "audited")                 // send to a channel
                    .onAwait(refresh, token -> "refreshed")                // a task's result (onJoin: its Outcome)
                    .onAcquire(slots, () -> "got a slot")                  // a Semaphore's permit (onLock: a Mutex)
                    .onTimeout(Duration.ofSeconds(5), () -> "idle")        // or orElse(() -> ...): don't wait at all
                    .await();
            assertTrue(List.of("order o1", "audited", "refreshed", "got a slot").contains(next), next);
            if (next.equals("got a slot")) {
                slots.release();
            }
        });
    }

    @Test
    void firstSuccessOfTwoMirrors() throws Exception {
        Zsync.run(() -> {
        String page = Zsync.firstSuccess(
                Zsync.spawn(() -> fetch("https://mirror-a.example")),
                Zsync.spawn(() -> fetch("https://mirror-b.example")));   // the slower fetch is cancelled, and has ended
            assertTrue(page.contains("mirror-"), page);
        });
    }

    static Page page(String id) throws Exception {
        try (TaskScope scope = TaskScope.open()) {             // TaskScope.supervisor(): failures don't cancel siblings
            Task<User> user = scope.spawn(() -> fetchUser(id));
            Task<List<Order>> orders = scope.spawn(() -> fetchOrders(id));
            scope.joinAll();                                    // first failure: the other is cancelled, this throws
            return new Page(user.await(), orders.await());
        }                                                       // close() joins whatever is left
    }

    @Test
    void aStructuredScope() throws Exception {
        Page p = Zsync.run(() -> page("42"));
        assertEquals("42", p.user().id());
        assertEquals(2, p.orders().size());
    }

    @Test
    void semaphoreAndMutexWithBodiesThatThrow() throws Exception {
        List<URI> uris = uris();
        Entry entry = new Entry("paid");
        Zsync.run(() -> {
            try (TaskScope scope = TaskScope.open()) {
         Semaphore downloads = Semaphore.create(4);              // at most 4 at once
         for (URI uri : uris) {
             scope.spawn(() -> downloads.withPermit(() -> fetch(uri.toString())));
         }
         Mutex mutex = Mutex.create();                           // not reentrant: locking twice fails fast, no deadlock
         mutex.withLock(() -> ledger.append(entry));             // append returns nothing and may throw: no return null
            }
        });
        assertTrue(ledger.entries.contains(entry));
    }

    @Test
    void timeYouControlInTests() throws Exception {
        long start = System.nanoTime();
        Zsync.runTest(() -> {
            Task<String> slow = Zsync.spawn(() -> { Zsync.sleep(Duration.ofMinutes(5)); return "late"; });
            assertThrows(TaskTimeoutException.class, () -> Zsync.timeout(slow, Duration.ofSeconds(30)));
        });   // 30 virtual seconds, a few milliseconds of wall time, the same on every run
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "virtual, not real, seconds");
    }

    @Test
    void iteratingAnyPublisher() throws Exception {
        Flux<Order> flux = Flux.range(1, 10).map(n -> new Order(n, n == 3));
   try (AsyncIterator<Order> orders = Streams.from(flux).iterator()) {   // any Publisher; Streams.fromFlow(..) for Flow
       while (orders.hasNext()) {
           Order o = orders.next();
           if (o.isLast()) {
               break;                          // close() cancels the upstream
           }
           handle(o);
       }
   }
        assertTrue(shown.contains("order 2") && !shown.contains("order 3"), "stopped at the last order");
    }

    @Test
    void operators() throws Exception {
        List<String> userIds = List.of("a", "b", "c");
       Pipeline<String> names = Streams.fromIterable(userIds)
               .mapConcurrent(64, id -> http.fetchName(id))    // a blocking call per element, each a task, 64 at a time
               .filter(name -> !name.isBlank())
               .timeout(Duration.ofSeconds(5));
       Flux.from(names).subscribe(System.out::println);        // or iterate it, or names.subscribe(channel)
        assertEquals(3L, Flux.from(names).count().block(Duration.ofSeconds(30)));
    }

    @Test
    void interop() throws Exception {
        Mono<String> greeting = Mono.fromCallable(() -> "hello").delayElement(Duration.ofMillis(10));
        String body = Zsync.run(() -> Interop.toTask(greeting.toFuture()).await());   // any CompletionStage: a task
        assertEquals("hello", body);
    }

    /** The CLI example: compiled only, as it calls System.exit. */
    static final class Cli {
public static void main(String[] args) throws Exception {
    int status = Zsync.run(() -> {
        Zsync.spawn(() -> watchConfigFile());        // runs forever, may throw IOException; cancelled when main returns
        return doTheWork(args) ? 0 : 1;
    });
    System.exit(status);                              // not needed to exit: no zsync thread keeps the JVM alive
}
    }

    @Test
    void spawnAndAnExecutor() throws Exception {
        String id = "7";
        Zsync.run(() -> {
            Task<Profile> profile = Zsync.spawn(() -> loadProfile(id));
            try (TaskExecutor executor = Zsync.newExecutor()) {            // an ExecutorService that owns its tasks
                CompletableFuture<Feed> feed = CompletableFuture.supplyAsync(() -> loadFeed(id), executor);
                render(profile.await(), feed.join());
            }                                                              // close() cancels what is left, and waits
        });
        assertTrue(shown.contains("7/7"));
    }

    @Test
    void channelsBetweenProducerAndConsumer() throws Exception {
        Path file = Files.createTempFile("zsync-readme", ".txt");
        try {
            Files.write(file, List.of("first line", "second line"));
            Zsync.run(() -> {
       Channel<Line> lines = Zsync.bounded(1024);
       Zsync.spawn(() -> { try (lines) { for (Line l : read(file)) lines.send(l); } });   // waits while 1024 are queued
       for (Line l : lines) { index(l); }                                                    // until closed and drained
            });
            assertTrue(shown.contains("second line"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void selectWithAHeartbeat() throws Exception {
        int before = ran.get();
        Zsync.run(() -> {
            Channel<Job> jobs = Zsync.bounded(4);
            Channel<String> shutdown = Zsync.bounded(1);
            Zsync.spawn(() -> {
                try (jobs) {
                    for (int i = 0; i < 3; i++) {
                        jobs.send(new Job(i));
                    }
                }
            });
            Channel<Long> heartbeat = Zsync.ticker(Duration.ofSeconds(10));
            while (true) {
                boolean more = Zsync.<Boolean>select()
                        .onRecv(jobs, job -> { run(job); return true; }, () -> false)   // jobs closed: stop
                        .onRecv(shutdown, signal -> false)
                        .onRecv(heartbeat, tick -> { heartbeat(); return true; })
                        .await();
                if (!more) break;
            }
            heartbeat.close();
        });
        assertEquals(before + 3, ran.get());
    }

    @Test
    void semaphoreLimitedDownloads() throws Exception {
        List<URI> uris = uris();
        Zsync.run(() -> {
         Semaphore permits = Semaphore.create(8);
         try (TaskScope scope = TaskScope.open()) {                     // the first failure cancels the other downloads
             for (URI uri : uris) {
                 scope.spawn(() -> permits.withPermit(() -> download(uri)));   // download returns nothing, may throw
             }
         }                                                              // joined here: none outlives the block
        });
        assertTrue(shown.contains("https://example.org/file/19"));
    }

    @Test
    void aHandOffWithNoBuffer() throws Exception {
        Zsync.run(() -> {
   Channel<Frame> frames = Zsync.rendezvous();
   Zsync.spawn(() -> { try (frames) { for (int i = 0; i < 3; i++) frames.send(render(i)); } });   // waits for each take
   for (Frame f : frames) { show(f); }
        });
        assertTrue(shown.contains("frame 2"));
    }

    @Test
    void aPipelineWithReactor() throws Exception {
        Channel<Integer> raw = Zsync.bounded(256), cooked = Zsync.bounded(256);
        Flux.from(raw).map(Recipe::cook).subscribe(cooked);   // cooked asks Reactor only for what it has room for
        Thread producer = Thread.ofVirtual().start(() -> {
            try (raw) {
                for (int i = 1; i <= 100; i++) {
                    raw.send(i);
                }
            }
        });
        int sum = 0;
        for (int v : cooked) {
            sum += v;
        }
        producer.join(10_000);
        assertEquals(2 * 5050, sum);
    }

    private static final List<String> NOTES = new CopyOnWriteArrayList<>();

    static int save(String note) {
        NOTES.add(note);
        return note.length();
    }

    /** README's HTTP example: it serves until its task is cancelled. */
    private static void serveTheExample(int port, Channel<String> ticks) throws Exception {
        HttpServer server = HttpServer.builder()
                .port(port)
                .route(Method.GET, "/hello/{name}", request -> Response.ok("Hello, " + request.pathParam("name")))
                .route(Method.POST, "/notes", request -> Response.text(201, "stored " + save(request.bodyString())))
                .route(Method.GET, "/ticks", request -> Response.sse(ticks))
                .start();                                    // on the current runtime: a task per connection
        server.serve();                                      // until shutdown(grace), close(), or the program's end
    }

    @Test
    void anHttpServer() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();   // a free port for the example's port(port)
        }
        List<String> answers = new CopyOnWriteArrayList<>();
        Zsync.run(() -> {
            Channel<String> ticks = Zsync.bounded(1);
            Task<Void> example = Zsync.spawn(() -> serveTheExample(port, ticks));
            try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
                String base = "http://127.0.0.1:" + port;
                for (int i = 0; answers.isEmpty(); i++) {
                    try {
                        answers.add(client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/hello/Ada"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                    } catch (java.net.ConnectException notYet) {
                        assertTrue(i < 500, "the server never started");
                        Zsync.sleep(Duration.ofMillis(10));
                    }
                }
                answers.add(client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/notes"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("milk")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                ticks.send("tick");
                ticks.close();
                answers.add(client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/ticks")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            }
            example.cancel();   // the program's end, for the example: serve() ends, and the server with it
            example.join();
        });
        assertEquals(List.of("Hello, Ada", "stored 4", "data: tick\n\n"), answers);
        assertEquals(List.of("milk"), NOTES);
    }

    // ---- JSON-RPC ----

    record Position(int line, int character) {
    }

    record Document(String uri) {
    }

    record HoverParams(Document textDocument, Position position) {
    }

    record Hover(String contents) {
    }

    private static JsonRpcServer theLanguageServerExample() {
        JsonRpcServer server = LanguageServer.builder()
                .capabilities(Map.of("hoverProvider", true))
                .request("textDocument/hover", HoverParams.class,
                        (ctx, p) -> new Hover("line " + p.position().line() + " of " + p.textDocument().uri()))
                .build();
        return server;
    }

    @Test
    void aLanguageServer() throws Exception {
        java.nio.channels.Pipe up = java.nio.channels.Pipe.open();
        java.nio.channels.Pipe down = java.nio.channels.Pipe.open();
        java.io.OutputStream client = java.nio.channels.Channels.newOutputStream(up.sink());
        java.io.BufferedReader fromServer = new java.io.BufferedReader(new java.io.InputStreamReader(
                java.nio.channels.Channels.newInputStream(down.source()), java.nio.charset.StandardCharsets.UTF_8));
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread serving = new Thread(() -> {
            try (java.io.OutputStream toClient = java.nio.channels.Channels.newOutputStream(down.sink())) {
                status.complete(Zsync.run(() -> theLanguageServerExample().serve(
                        java.nio.channels.Channels.newInputStream(up.source()), toClient)));
            } catch (Exception e) {
                status.completeExceptionally(e);
            }
        });
        serving.start();
        java.util.function.Consumer<String> send = body -> {
            try {
                client.write(("Content-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                client.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        java.util.concurrent.Callable<String> answer = () -> {
            int length = 0;
            for (String line; !(line = fromServer.readLine()).isEmpty();) {
                length = Integer.parseInt(line.substring("Content-Length: ".length()));
            }
            char[] body = new char[length];   // ASCII here: characters are bytes
            for (int n = 0; n < length;) {
                n += fromServer.read(body, n, length - n);
            }
            return new String(body);
        };
        send.accept("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
        assertTrue(answer.call().contains("\"capabilities\":{\"hoverProvider\":true}"));
        send.accept("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":"
                + "{\"textDocument\":{\"uri\":\"file:///a.txt\"},\"position\":{\"line\":3,\"character\":1}}}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"contents\":\"line 3 of file:///a.txt\"}}",
                answer.call());
        send.accept("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}", answer.call());
        send.accept("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assertEquals(0, status.get(10, java.util.concurrent.TimeUnit.SECONDS), "exit after shutdown");
    }

    // ---- README and this file in step ----

    @Test
    void everyReadmeExampleIsHereWordForWord() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> here = normalized(Files.readString(
                Path.of("src", "test", "java", "io", "zsync", "samples", "ReadmeExamplesTest.java")));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        int examples = 0;
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            examples++;
            List<String> block = normalized(m.group(1));
            if (java.util.Collections.indexOfSubList(here, block) < 0) {
                missing.add("example " + examples + " (\"" + block.get(0) + "\")");
            }
        }
        assertTrue(examples >= 20, "README's examples were not found: " + examples);
        assertTrue(missing.isEmpty(), "README examples not compiled here word for word (copy them into"
                + " ReadmeExamplesTest): " + missing);
    }

    /** The lines of {@code text}, each trimmed, blank ones dropped: indentation may differ, words may not. */
    private static List<String> normalized(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty()) {
                lines.add(t);
            }
        }
        return lines;
    }
}
