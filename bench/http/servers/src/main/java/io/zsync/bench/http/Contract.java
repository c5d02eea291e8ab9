package io.zsync.bench.http;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What every server of bench/http serves, on 127.0.0.1:{@code port} (the first argument):
 * {@code GET /plaintext} answers 200, {@code Content-Type: text/plain}, body {@code Hello, World!}, with {@code Server}
 * and {@code Date} headers; {@code POST /echo} answers 200 with the request's body ({@code application/octet-stream});
 * anything else 404. Each main prints one line naming itself once it listens.
 */
final class Contract {
    static final String HELLO = "Hello, World!";
    static final byte[] HELLO_BYTES = HELLO.getBytes(StandardCharsets.US_ASCII);
    static final String PLAINTEXT = "/plaintext";
    static final String ECHO = "/echo";
    static final String TEXT_PLAIN = "text/plain";
    static final String OCTET_STREAM = "application/octet-stream";

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile Stamp stamp = new Stamp(-1, "");   // remade at most once a second, by any thread

    private record Stamp(long second, String text) {}

    private Contract() {}

    static int port(String[] args) {
        return args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    }

    /** The {@code Date} header's value (IMF-fixdate), cached for the current second. */
    static String date() {
        long now = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second != now) {
            s = new Stamp(now, IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            stamp = s;
        }
        return s.text;
    }
}
