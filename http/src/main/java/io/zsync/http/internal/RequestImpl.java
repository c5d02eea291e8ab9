package io.zsync.http.internal;

import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.http.HttpException;
import io.zsync.http.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link Request}. */
public final class RequestImpl implements Request {
    private final Head head;
    private final InputStream body;
    private final InetSocketAddress remote;
    private final long maxBody;
    private Map<String, String> params = Map.of();               // raw (still percent-encoded), set by the router
    private @Nullable Map<String, List<String>> query;          // parsed on first use
    private @Nullable Task<Void> feeder;                        // bodyPublisher's reading task
    private volatile boolean feederDone;                        // it read the body to its end

    RequestImpl(Head head, InputStream body, InetSocketAddress remote, long maxBody) {
        this.head = head;
        this.body = body;
        this.remote = remote;
        this.maxBody = maxBody;
    }

    void params(Map<String, String> params) {
        this.params = params;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        String t = head.target();
        int q = t.indexOf('?', head.pathStart());
        int end = q < 0 ? t.length() : q;
        return head.pathStart() == end ? "/" : t.substring(head.pathStart(), end);
    }

    @Override
    public String version() {
        return head.http11() ? "HTTP/1.1" : "HTTP/1.0";
    }

    @Override
    public String pathParam(String name) {
        String raw = params.get(name);
        if (raw == null) {
            throw new IllegalArgumentException("the route has no path parameter {" + name + "}"
                    + (params.isEmpty() ? "" : "; it has " + params.keySet()));
        }
        return decode(raw, false);
    }

    @Override
    public @Nullable String query(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> q = query;
        if (q == null) {
            q = new LinkedHashMap<>();
            String t = head.target();
            int start = t.indexOf('?');
            if (start >= 0) {
                int hash = t.indexOf('#', start);
                for (String pair : t.substring(start + 1, hash < 0 ? t.length() : hash).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String k = decode(eq < 0 ? pair : pair.substring(0, eq), true);
                    String v = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
                    q.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
                }
            }
            q = Collections.unmodifiableMap(q);
            query = q;
        }
        return q;
    }

    @Override
    public @Nullable String header(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        for (int f = 0; f < head.size(); f++) {
            if (head.nameIs(f, lower)) {
                return head.value(f);
            }
        }
        return null;
    }

    @Override
    public List<String> headers(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        List<String> values = new ArrayList<>(1);
        for (int f = 0; f < head.size(); f++) {
            if (head.nameIs(f, lower)) {
                values.add(head.value(f));
            }
        }
        return values;
    }

    @Override
    public List<String> headerNames() {
        List<String> names = new ArrayList<>(head.size());
        for (int f = 0; f < head.size(); f++) {
            names.add(head.name(f));
        }
        return names;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public Channel<ByteBuffer> bodyPublisher() {
        if (feeder != null) {
            throw new IllegalStateException("bodyPublisher() was called already: a body is read once; keep the"
                    + " channel it returned");
        }
        Channel<ByteBuffer> buffers = Zsync.bounded(2);
        feeder = Zsync.spawn(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                int n;
                while ((n = body.read(buf)) >= 0) {
                    if (n > 0) {
                        buffers.send(ByteBuffer.wrap(Arrays.copyOf(buf, n)));
                    }
                }
                feederDone = true;
                buffers.close();
            } catch (TaskCancelledException cancelled) {
                buffers.close(cancelled);   // the exchange ended first
                throw cancelled;
            } catch (IOException | RuntimeException failure) {
                buffers.close(failure);     // malformed, over the limit, or the client went away: its receivers see it
            }
        });
        return buffers;
    }

    /**
     * The exchange ends: bodyPublisher's reading task, if still running, is cancelled and waited for, so that only
     * the connection reads the socket from here on. True if there was one and it had not finished the body.
     */
    boolean stopFeeder() {
        Task<Void> f = feeder;
        if (f == null) {
            return false;
        }
        if (feederDone) {
            f.join();     // it read the whole body and closed the channel: only its task's end is left, not waited
            return false; // for with an interrupt (which, in a socket read, would close the connection's socket)
        }
        f.cancel();
        f.join();
        return true;
    }

    @Override
    public byte[] bodyBytes() throws IOException {
        if (!head.chunked()) {
            // Content-Length (at most maxBody: a larger one was refused before the handler ran): one array of that
            // size, read straight into; shorter only if the handler read some of the body before
            long declared = Math.max(0, head.contentLength());   // -1: no Content-Length, so no body
            if (declared > Integer.MAX_VALUE - 8) {
                throw new HttpException(413, "the request body (" + declared + " bytes) is too large for one array;"
                        + " read it as a stream with body()");
            }
            byte[] all = new byte[(int) declared];
            int off = 0;
            int n;
            while (off < all.length && (n = body.read(all, off, all.length - off)) >= 0) {
                off += n;
            }
            return off == all.length ? all : Arrays.copyOf(all, off);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(1024);
        byte[] buf = new byte[8192];
        int n;
        while ((n = body.read(buf)) >= 0) {
            all.write(buf, 0, n);
            if (all.size() > maxBody) {
                throw new HttpException(413, "the request body is larger than " + maxBody + " bytes; send less, or"
                        + " raise HttpServer.Builder.maxBodyBytes");
            }
        }
        return all.toByteArray();
    }

    @Override
    public String bodyString() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** Percent-decodes {@code s} as UTF-8 ({@code +} as a space in a query); a malformed escape is a 400. */
    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new HttpException(400, "malformed percent-encoding in \"" + s + "\"");
                }
                out[n++] = (byte) (Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                out[n++] = (byte) (plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Request[" + head.method() + " " + head.target() + "]";
    }
}
