package io.zsync.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * What a connection needs of its transport: a TCP socket in the server, in-memory streams in the fuzz tests.
 * Every method but the streams' may be called from another thread (the reaper, shutdown), to cut a wait short.
 */
interface Link {
    InputStream in() throws IOException;

    OutputStream out() throws IOException;

    InetSocketAddress remote();

    /** Ends the output (FIN after what was written); reading goes on. */
    void shutdownOutput() throws IOException;

    /** Makes a blocked read end with end-of-stream. */
    void shutdownInput() throws IOException;

    /** Bounds each later read to {@code millis} (SocketTimeoutException after). */
    void readTimeout(int millis) throws IOException;

    /** Closes both directions; a blocked read or write fails. */
    void close() throws IOException;

    static Link of(Socket socket) {
        return new Link() {
            @Override
            public InputStream in() throws IOException {
                return socket.getInputStream();
            }

            @Override
            public OutputStream out() throws IOException {
                return socket.getOutputStream();
            }

            @Override
            public InetSocketAddress remote() {
                return (InetSocketAddress) socket.getRemoteSocketAddress();
            }

            @Override
            public void shutdownOutput() throws IOException {
                socket.shutdownOutput();
            }

            @Override
            public void shutdownInput() throws IOException {
                socket.shutdownInput();
            }

            @Override
            public void readTimeout(int millis) throws IOException {
                socket.setSoTimeout(millis);
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }
}
