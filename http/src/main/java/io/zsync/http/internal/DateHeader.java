package io.zsync.http.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header line (RFC 9110 §5.6.7, IMF-fixdate), rebuilt at most once a second. */
final class DateHeader {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Line(long second, byte[] bytes) {
    }

    private static volatile Line line = make(System.currentTimeMillis() / 1000);

    private DateHeader() {
    }

    /** "Date: …\r\n" for the current second. */
    static byte[] line() {
        long second = System.currentTimeMillis() / 1000;
        Line l = line;
        if (l.second != second) {
            l = make(second);
            line = l;   // racing threads make equal lines: either may win
        }
        return l.bytes;
    }

    private static Line make(long second) {
        String s = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(second)) + "\r\n";
        return new Line(second, s.getBytes(StandardCharsets.US_ASCII));
    }
}
