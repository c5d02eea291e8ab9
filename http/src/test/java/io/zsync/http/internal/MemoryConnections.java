package io.zsync.http.internal;

import io.zsync.http.Handler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/** Connections served over in-memory streams, outside any server: for tests of one connection's behaviour. */
final class MemoryConnections {
    private MemoryConnections() {
    }

    /**
     * Serves what {@code in} holds on one connection until it ends, writing to {@code out}; failures the server
     * would report go to {@code reported}.
     */
    static void serve(Settings settings, InputStream in, OutputStream out, List<Throwable> reported) {
        Host host = new MemoryHost(settings, ServerImpl.handlerFor(settings), reported);
        try {
            new Connection(host, new MemoryLink(in, out)).run();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A server that is not stopping, whose clock stands still, and which keeps what it is told to report. */
    private record MemoryHost(Settings settings, Handler handler, List<Throwable> reported) implements Host {
        @Override
        public boolean isStopping() {
            return false;
        }

        @Override
        public long now() {
            return 0;
        }

        @Override
        public void report(Throwable failure) {
            reported.add(failure);
        }

        @Override
        public void ended(Connection c) {
        }
    }

    /** A connection's transport over in-memory streams. */
    private record MemoryLink(InputStream in, OutputStream out) implements Link {
        @Override
        public InetSocketAddress remote() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void shutdownInput() {
        }

        @Override
        public void readTimeout(int millis) {
        }

        @Override
        public void close() {
        }
    }
}
