package io.zsync.http.internal;

import io.zsync.http.Filter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** What HttpServer.Builder collected: the server's configuration, fixed at start. */
public record Settings(int port, InetAddress address, Routes routes, List<Filter> filters, int maxRequestLineBytes,
                       int maxHeaderBytes, int maxHeaders, long maxBodyBytes, int maxChunkLineBytes,
                       Duration headTimeout, Duration idleTimeout, Duration progressTimeout, int maxConnections,
                       Duration shutdownGrace, boolean cancelOnClientClose) {
}
