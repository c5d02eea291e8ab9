package io.zsync.http.internal;

import io.zsync.ManualClock;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.http.Filter;
import io.zsync.http.Handler;
import io.zsync.http.HttpServer;
import io.zsync.sync.Semaphore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link HttpServer}. */
public final class ServerImpl implements HttpServer, Host {
    /*
     * Implementation notes.
     *
     * Tasks: an acceptor, a reaper and one task per connection, all on the runtime that started the server, all
     * spawned from the starting task (so children of it: a server started in Zsync.run's main ends with the
     * program, cancelled). The acceptor takes a permit of `slots` (maxConnections) before each accept, and the
     * connection gives it back when it ends, so at most maxConnections are served and the rest wait in the kernel's
     * backlog. The reaper sleeps on the runtime's clock and tells each connection whose wait is past its deadline
     * (Connection.expire).
     *
     * Lifecycle: `live` counts the acceptor and the connections; when it reaches 0 after stopping began, `stopped`
     * closes, which serve() and shutdown() wait for (a zsync channel: a zsync wait, which a manual clock sees).
     * shutdown: `stopping` set once; the listening socket closed (the acceptor's accept fails, and it ends); idle
     * connections closed; busy ones finish their exchange and close (Connection.exchange reads isStopping); at the
     * grace period's end, the rest are cancelled and reported.
     * Maintenance: run HttpServerTest, ShutdownTest and TimeoutTest after a change.
     */

    private final Settings settings;
    private final ServerSocket listener;
    private final Handler handler;
    private final Thread.UncaughtExceptionHandler uncaught;
    private final @Nullable ManualClock clock;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger live = new AtomicInteger(1);   // the acceptor, and each connection
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Channel<Boolean> stopped;                     // closed once everything has ended
    private final Semaphore slots;
    private volatile @Nullable Task<Void> reaper;

    private ServerImpl(Settings settings, ServerSocket listener, ZsyncRuntime runtime) {
        this.settings = settings;
        this.listener = listener;
        this.uncaught = runtime.config().uncaughtHandler();
        this.clock = runtime.config().clock();
        this.stopped = Zsync.bounded(1);
        this.slots = Semaphore.create(settings.maxConnections());
        this.handler = handlerFor(settings);
    }

    /** The router, with the filters around it (the first added outermost). */
    static Handler handlerFor(Settings settings) {
        Handler h = request -> dispatch(settings.routes(), request);
        List<Filter> filters = settings.filters();
        for (int i = filters.size() - 1; i >= 0; i--) {
            h = filters.get(i).wrap(h);
        }
        return h;
    }

    /** Binds and starts; see HttpServer.Builder.start. */
    public static ServerImpl start(Settings settings) throws IOException {
        ZsyncRuntime runtime = Zsync.currentRuntime().orElseThrow(() -> new IllegalStateException(
                "no zsync runtime for HttpServer.Builder.start(): start the server inside Zsync.run(() -> ...),"
                        + " or create a global runtime first with Zsync.initGlobalRuntime(Config.optimal())"));
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(settings.address(), settings.port()), 1024);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + settings.address().getHostAddress() + ":" + settings.port()
                    + ": " + e.getMessage() + " (is another server on that port? port(0) picks a free one)", e);
        }
        ServerImpl server = new ServerImpl(settings, listener, runtime);
        Zsync.spawn("http acceptor :" + listener.getLocalPort(), server::accept);
        server.reaper = Zsync.spawn("http timeouts :" + listener.getLocalPort(), server::reap);
        return server;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Handler handler() {
        return handler;
    }

    @Override
    public boolean isStopping() {
        return stopping.get();
    }

    /** Now, on the runtime's clock, in nanoseconds (only differences mean anything). */
    @Override
    public long now() {
        ManualClock c = clock;
        return c != null ? c.elapsed().toNanos() : System.nanoTime();
    }

    /** Reports a failure nobody else can see to the runtime's uncaught handler. */
    @Override
    public void report(Throwable failure) {
        try {
            uncaught.uncaughtException(Thread.currentThread(), failure);
        } catch (Throwable broken) {
            failure.addSuppressed(broken);
            failure.printStackTrace();   // the handler itself failed: the last place left
        }
    }

    // ---- tasks ----

    private void accept() {
        try {
            while (!stopping.get()) {
                slots.acquire();
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    slots.release();
                    if (stopping.get() || listener.isClosed() || Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    report(new IOException("accepting a connection failed; the server goes on", e));
                    Zsync.sleep(Duration.ofMillis(10));   // e.g. out of file descriptors: do not spin
                    continue;
                }
                serve(socket);
            }
        } catch (TaskCancelledException cancelled) {
            // the program (or its scope) ended: so does the server
        } finally {
            stopping.set(true);
            closeListener();
            if (Thread.currentThread().isInterrupted()) {
                for (Connection c : connections) {
                    c.closeQuietly();   // cancelled with us: our children are being cancelled too
                }
            }
            endOne();
        }
    }

    private void serve(Socket socket) {
        Connection c;
        try {
            socket.setTcpNoDelay(true);
            c = new Connection(this, Link.of(socket));
        } catch (IOException e) {
            slots.release();
            closeQuietly(socket);
            return;
        }
        live.incrementAndGet();
        connections.add(c);
        try {
            c.task = Zsync.spawn(c::run);
        } catch (RuntimeException refused) {   // the runtime is closing
            connections.remove(c);
            slots.release();
            closeQuietly(socket);
            endOne();
            throw refused;
        }
    }

    /** A connection's task ends. */
    @Override
    public void ended(Connection c) {
        connections.remove(c);
        slots.release();
        endOne();
    }

    private void endOne() {
        if (live.decrementAndGet() == 0) {
            Task<Void> r = reaper;
            if (r != null) {
                r.cancel();
            }
            stopped.close();
        }
    }

    private void reap() {
        long tick = Math.min(Math.min(settings.headTimeout().toNanos(), settings.idleTimeout().toNanos()),
                settings.progressTimeout().toNanos()) / 10;
        Duration period = Duration.ofNanos(Math.max(10_000_000L, Math.min(tick, 1_000_000_000L)));
        while (!stopped.isClosed()) {
            Zsync.sleep(period);
            long now = now();
            for (Connection c : connections) {
                int kind = c.waitKind;
                if (kind != Connection.NONE && now - c.deadline >= 0 && c.expired == Connection.NONE) {
                    c.expire(kind);
                }
            }
        }
    }

    /** The innermost handler: routing, and the 404 and 405 answers. */
    private static io.zsync.http.Response dispatch(Routes routes, io.zsync.http.Request request) throws Exception {
        RequestImpl r = (RequestImpl) request;
        return switch (routes.find(r.method(), r.path())) {
            case Routes.Found f -> {
                r.params(f.params());
                yield f.handler().handle(r);
            }
            case Routes.NotFound n -> ResponseImpl.error(404, "Not Found");
            case Routes.NotAllowed n -> ResponseImpl.error(405, "Method Not Allowed").header("Allow", n.allow());
        };
    }

    // ---- the API ----

    @Override
    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void serve() {
        stopped.recvCatching();   // returns once closed: the server has stopped
    }

    @Override
    public void shutdown(Duration grace) {
        java.util.Objects.requireNonNull(grace, "grace must not be null: pass for example Duration.ofSeconds(10)");
        if (!stopping.compareAndSet(false, true)) {
            closeListener();
            serve();
            return;
        }
        closeListener();
        for (Connection c : connections) {
            if (c.idle) {
                c.closeQuietly();   // nothing in flight: its read fails and its task ends
            }
        }
        if (stopped.recvCatching(grace).isClosed()) {
            return;
        }
        List<Connection> busy = List.copyOf(connections);
        for (Connection c : busy) {
            Task<Void> t = c.task;
            if (t != null) {
                t.cancel();
            }
            c.closeQuietly();
        }
        if (!busy.isEmpty()) {
            report(new IllegalStateException(busy.size() + " HTTP connection(s) were still busy when the shutdown"
                    + " grace period (" + grace + ") ended, and were cancelled; give them longer"
                    + " (shutdown(grace), or HttpServer.Builder.shutdownGrace), or make long responses end sooner"));
        }
        serve();
    }

    @Override
    public void close() {
        shutdown(settings.shutdownGrace());
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "HttpServer[port " + port() + (stopping.get() ? ", stopping]" : "]");
    }
}
