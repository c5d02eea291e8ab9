package io.zsync.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed request head (request line and header section, RFC 9112 §2-5), strictly: anything a smuggling-prone
 * parser would guess at is refused with {@link BadRequest}. Header names and values stay bytes in {@link #bytes},
 * found by their offsets; a String is made only for a header someone asks for.
 */
public final class Head {
    /*
     * Implementation notes.
     *
     * A head arrives as the bytes up to and including its blank line (Scanner.end found it and refused bare LF and
     * bare CR there). parse() walks it once: request line, then one header line at a time, checking every byte
     * against the grammar (tchar for methods and names, VCHAR/obs-text/SP/HTAB for values, no whitespace before a
     * colon, no obs-fold), and recording each field's name and value offsets in `fields`. Then the semantic checks
     * that decide the body's framing (RFC 9112 §6.1-6.3): one Content-Length of plain digits, or one
     * Transfer-Encoding ending in chunked (and only in HTTP/1.1), never both; one valid Host in HTTP/1.1. Every
     * refusal says what was wrong; the connection is closed after it, since what follows cannot be framed.
     * Maintenance: run HeadParserTest and MalformedRequestTest after a change.
     */

    /** Header fields' offsets: name start, name end, value start, value end, per field. */
    private final byte[] bytes;
    private final int[] fields;
    private final int count;
    private final String method;
    private final String target;
    private final int targetPathStart;      // where the path begins in target (0, or after an absolute-form authority)
    private final boolean http11;           // HTTP/1.1 or a later 1.x; false: HTTP/1.0
    private long contentLength = -1;        // -1: none
    private boolean chunked;
    private boolean close;                  // Connection: close
    private boolean keepAlive;              // Connection: keep-alive
    private @Nullable String expect;

    private Head(byte[] bytes, int[] fields, int count, String method, String target, int targetPathStart,
                 boolean http11) {
        this.bytes = bytes;
        this.fields = fields;
        this.count = count;
        this.method = method;
        this.target = target;
        this.targetPathStart = targetPathStart;
        this.http11 = http11;
    }

    // ---- finding the end ----

    /**
     * Where the head that starts at {@code start} ends in {@code b}: the index after its blank line, or -1 if it is
     * not all there yet ({@code b[start, to)} holds what arrived). Refuses bare LF and bare CR line ends, a request
     * line over {@code maxLine} bytes (414) and a head over {@code maxHead} bytes (431).
     */
    static int end(byte[] b, int start, int to, int maxLine, int maxHead) throws BadRequest {
        boolean lineEnded = false;
        for (int i = start; i < to; i++) {
            byte c = b[i];
            if (c == '\n') {
                if (i == start || b[i - 1] != '\r') {
                    throw BadRequest.of("a line of the request head ends in a bare LF; lines must end in CRLF"
                            + " (RFC 9112 §2.2)");
                }
                if (!lineEnded) {
                    lineEnded = true;
                    if (i + 1 - start > maxLine) {
                        throw requestLineTooLong(maxLine);
                    }
                }
                if (i - start >= 3 && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    return checkHeadSize(i + 1 - start, maxHead) ? i + 1 : -1;
                }
            } else if (c == '\r' && i + 1 < to && b[i + 1] != '\n') {
                throw BadRequest.of("the request head contains a bare CR; CR is allowed only before LF (RFC 9112"
                        + " §2.2)");
            }
        }
        if (!lineEnded && to - start > maxLine) {
            throw requestLineTooLong(maxLine);
        }
        checkHeadSize(to - start, maxHead);
        return -1;
    }

    private static boolean checkHeadSize(int size, int maxHead) throws BadRequest {
        if (size > maxHead) {
            throw new BadRequest(431, "the request's header section is larger than " + maxHead + " bytes;"
                    + " send fewer or shorter headers, or raise HttpServer.Builder.maxHeaderBytes");
        }
        return true;
    }

    private static BadRequest requestLineTooLong(int maxLine) {
        return new BadRequest(414, "the request line is longer than " + maxLine + " bytes; shorten the URI (send"
                + " large data in the body), or raise HttpServer.Builder.maxRequestLineBytes");
    }

    // ---- parsing ----

    /** Parses the head in {@code b[0, length)}, which ends with its blank line (see {@link #end}). */
    static Head parse(byte[] b, int length, int maxHeaders) throws BadRequest {
        return parse(b, length, maxHeaders, new int[32]);
    }

    /**
     * As {@link #parse(byte[], int, int)}, recording the fields' offsets in {@code fields} (a connection's, reused
     * from request to request) unless more room is needed.
     */
    static Head parse(byte[] b, int length, int maxHeaders, int[] fields) throws BadRequest {
        int i = 0;
        while (i < length && isTchar(b[i])) {
            i++;
        }
        if (i == 0 || b[i] != ' ') {
            throw BadRequest.of("malformed request line: it must be a method (a token), one space, the target, one"
                    + " space and the version, as in \"GET /index.html HTTP/1.1\"");
        }
        String method = methodName(b, i);
        int ts = ++i;
        while (b[i] > 0x20 && b[i] < 0x7f) {
            i++;
        }
        if (i == ts || b[i] != ' ') {
            throw BadRequest.of(i == ts ? "malformed request line: two spaces after the method; exactly one space"
                    + " separates the method, the target and the version"
                    : "malformed request line: the target contains a space or control character (0x"
                    + Integer.toHexString(b[i] & 0xff) + "); percent-encode it");
        }
        String target = new String(b, ts, i - ts, StandardCharsets.ISO_8859_1);
        i++;
        if (length - i < 10 || b[i] != 'H' || b[i + 1] != 'T' || b[i + 2] != 'T' || b[i + 3] != 'P'
                || b[i + 4] != '/' || !isDigit(b[i + 5]) || b[i + 6] != '.' || !isDigit(b[i + 7])
                || b[i + 8] != '\r') {
            throw BadRequest.of("malformed request line: the version must be HTTP/1.1 or HTTP/1.0 (case-sensitive),"
                    + " after exactly one space");
        }
        if (b[i + 5] != '1') {
            throw new BadRequest(505, "HTTP version " + (char) b[i + 5] + "." + (char) b[i + 7] + " is not supported;"
                    + " this server speaks HTTP/1.1 and HTTP/1.0");
        }
        boolean http11 = b[i + 7] != '0';   // 1.1, and a later 1.x is served as 1.1 (RFC 9110 §2.5)
        i += 10;
        int count = 0;
        while (!(b[i] == '\r' && b[i + 1] == '\n')) {
            if (count == maxHeaders) {
                throw new BadRequest(431, "the request has more than " + maxHeaders + " header fields; send fewer,"
                        + " or raise HttpServer.Builder.maxHeaders");
            }
            if (b[i] == ' ' || b[i] == '\t') {
                throw BadRequest.of("obsolete line folding (a header line starting with whitespace) is not"
                        + " accepted; send each header on one line (RFC 9112 §5.2)");
            }
            int ns = i;
            while (isTchar(b[i])) {
                i++;
            }
            if (b[i] != ':' || i == ns) {
                throw BadRequest.of(b[i] == ' ' || b[i] == '\t'
                        ? "whitespace between a header name and its colon is not allowed (RFC 9112 §5.1)"
                        : "invalid character (0x" + Integer.toHexString(b[i] & 0xff) + ") in a header name; names"
                        + " are tokens, as Content-Type");
            }
            int ne = i++;
            while (b[i] == ' ' || b[i] == '\t') {
                i++;
            }
            int vs = i;
            int ve = i;
            for (;; i++) {
                int c = b[i] & 0xff;
                if (c == '\r') {
                    break;
                }
                if (c > 0x20 && c != 0x7f) {
                    ve = i + 1;   // VCHAR or obs-text: the value so far ends here (trailing whitespace is not value)
                } else if (c != ' ' && c != '\t') {
                    throw BadRequest.of("invalid character (0x" + Integer.toHexString(c) + ") in the value of header "
                            + new String(b, ns, ne - ns, StandardCharsets.ISO_8859_1) + "; control characters are"
                            + " not allowed in field values (RFC 9110 §5.5)");
                }
            }
            i += 2;   // CRLF (checked by end())
            if (count * 4 + 4 > fields.length) {
                fields = java.util.Arrays.copyOf(fields, Math.max(32, fields.length * 2));
            }
            fields[count * 4] = ns;
            fields[count * 4 + 1] = ne;
            fields[count * 4 + 2] = vs;
            fields[count * 4 + 3] = ve;
            count++;
        }
        int pathStart = pathStart(method, target);
        Head head = new Head(b, fields, count, method, target, pathStart, http11);
        head.checkFraming();
        return head;
    }

    /** Where the path starts in {@code target}: origin-form, absolute-form, or {@code *} for OPTIONS. */
    private static int pathStart(String method, String target) throws BadRequest {
        char c = target.charAt(0);
        if (c == '/') {
            return 0;
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw BadRequest.of("the target * (asterisk-form) is only for OPTIONS, not " + method);
            }
            return 0;
        }
        if (method.equals("CONNECT")) {
            throw new BadRequest(501, "CONNECT is not supported by this server");
        }
        int scheme = target.regionMatches(true, 0, "http://", 0, 7) ? 7
                : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (scheme < 0) {
            throw BadRequest.of("the request target must start with / (origin-form) or http:// (absolute-form)");
        }
        int slash = target.indexOf('/', scheme);
        int end = slash < 0 ? target.length() : slash;
        if (end == scheme || target.indexOf('@', scheme) >= 0 && target.indexOf('@', scheme) < end) {
            throw BadRequest.of("the absolute-form target has no host, or user information (@), which is not"
                    + " allowed");
        }
        return slash < 0 ? target.length() : slash;
    }

    /** RFC 9112 §6: the body's length, the connection options, Host. */
    private void checkFraming() throws BadRequest {
        int hosts = 0;
        int encodings = 0;
        for (int f = 0; f < count; f++) {
            if (nameIs(f, "content-length")) {
                if (contentLength >= 0) {
                    throw BadRequest.of("more than one Content-Length header; send exactly one");
                }
                contentLength = parseLength(f);
            } else if (nameIs(f, "transfer-encoding")) {
                if (++encodings > 1) {
                    throw BadRequest.of("more than one Transfer-Encoding header; send one, listing the codings");
                }
                chunked = parseTransferEncoding(f);
            } else if (nameIs(f, "host")) {
                hosts++;
                checkHost(f);
            } else if (nameIs(f, "connection")) {
                connectionOptions(f);
            } else if (nameIs(f, "expect")) {
                expect = value(f);
            }
        }
        if (encodings > 0 && !http11) {
            throw BadRequest.of("Transfer-Encoding in an HTTP/1.0 request is not allowed (RFC 9112 §6.1); send"
                    + " Content-Length");
        }
        if (encodings > 0 && contentLength >= 0) {
            throw BadRequest.of("both Content-Length and Transfer-Encoding; send one of them (RFC 9112 §6.1)");
        }
        if (http11 && hosts != 1) {
            throw BadRequest.of(hosts == 0 ? "an HTTP/1.1 request must have a Host header (RFC 9112 §3.2)"
                    : "more than one Host header; send exactly one (RFC 9112 §3.2)");
        }
        if (hosts > 1) {
            throw BadRequest.of("more than one Host header; send exactly one (RFC 9112 §3.2)");
        }
    }

    private long parseLength(int f) throws BadRequest {
        int vs = fields[f * 4 + 2];
        int ve = fields[f * 4 + 3];
        if (ve == vs || ve - vs > 18) {
            throw BadRequest.of("Content-Length must be 1 to 18 digits; it was \"" + value(f) + "\"");
        }
        long n = 0;
        for (int i = vs; i < ve; i++) {
            if (!isDigit(bytes[i])) {
                throw BadRequest.of("Content-Length must be digits only (no sign, list or spaces); it was \""
                        + value(f) + "\"");
            }
            n = n * 10 + (bytes[i] - '0');
        }
        return n;
    }

    /** True if chunked is the final coding; refuses chunked elsewhere (400) and other codings (501). */
    private boolean parseTransferEncoding(int f) throws BadRequest {
        List<String> codings = new ArrayList<>(2);
        for (String part : value(f).split(",", -1)) {
            String c = part.strip();
            if (c.isEmpty()) {
                continue;
            }
            codings.add(c);
        }
        if (codings.isEmpty()) {
            throw BadRequest.of("an empty Transfer-Encoding header; send Transfer-Encoding: chunked");
        }
        for (int k = 0; k < codings.size() - 1; k++) {
            if (codings.get(k).equalsIgnoreCase("chunked")) {
                throw BadRequest.of("chunked must be the final transfer coding, and appear once (RFC 9112 §6.1);"
                        + " it was \"" + value(f) + "\"");
            }
        }
        if (!codings.get(codings.size() - 1).equalsIgnoreCase("chunked")) {
            throw BadRequest.of("the final transfer coding must be chunked, or the body's length cannot be known"
                    + " (RFC 9112 §6.3); it was \"" + value(f) + "\"");
        }
        if (codings.size() > 1) {
            throw new BadRequest(501, "transfer codings other than chunked are not supported; it was \"" + value(f)
                    + "\"");
        }
        return true;
    }

    private void checkHost(int f) throws BadRequest {
        int vs = fields[f * 4 + 2];
        int ve = fields[f * 4 + 3];
        int i = vs;
        if (i < ve && bytes[i] == '[') {   // IP-literal
            while (i < ve && bytes[i] != ']') {
                byte c = bytes[i++];
                if (!(isHex(c) || c == ':' || c == '.' || c == '[' || c == 'v' || c == 'V')) {
                    throw invalidHost(f);
                }
            }
            if (i == ve) {
                throw invalidHost(f);
            }
            i++;
        } else {
            while (i < ve && bytes[i] != ':') {
                byte c = bytes[i++];
                if (!(isAlnum(c) || "-._~%!$&'()*+,;=".indexOf(c) >= 0)) {
                    throw invalidHost(f);
                }
            }
        }
        if (i < ve) {
            if (bytes[i] != ':') {
                throw invalidHost(f);
            }
            for (i++; i < ve; i++) {
                if (!isDigit(bytes[i])) {
                    throw invalidHost(f);
                }
            }
        }
    }

    private BadRequest invalidHost(int f) {
        return BadRequest.of("invalid Host header \"" + value(f) + "\"; it must be host[:port] (RFC 9110 §7.2)");
    }

    private void connectionOptions(int f) {
        for (String option : value(f).split(",")) {
            String o = option.strip();
            if (o.equalsIgnoreCase("close")) {
                close = true;
            } else if (o.equalsIgnoreCase("keep-alive")) {
                keepAlive = true;
            }
        }
    }

    // ---- queries ----

    /** The method, as sent. */
    public String method() {
        return method;
    }

    /** The request target, as sent. */
    public String target() {
        return target;
    }

    /** Where the path starts in the target. */
    int pathStart() {
        return targetPathStart;
    }

    /** HTTP/1.1 (or a later 1.x); false for HTTP/1.0. */
    public boolean http11() {
        return http11;
    }

    /** The declared Content-Length, or -1. */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the body is chunked. */
    public boolean chunked() {
        return chunked;
    }

    /** Whether the connection stays open after this exchange, as far as the client asked. */
    public boolean keepAlive() {
        return http11 ? !close : keepAlive && !close;
    }

    /** The Expect header, or null. */
    public @Nullable String expect() {
        return expect;
    }

    /** The number of header fields. */
    public int size() {
        return count;
    }

    /** The name of field {@code f}. */
    public String name(int f) {
        return new String(bytes, fields[f * 4], fields[f * 4 + 1] - fields[f * 4], StandardCharsets.ISO_8859_1);
    }

    /** The value of field {@code f}. */
    public String value(int f) {
        return new String(bytes, fields[f * 4 + 2], fields[f * 4 + 3] - fields[f * 4 + 2],
                StandardCharsets.ISO_8859_1);
    }

    /** Whether field {@code f}'s name is {@code lower} (lower case ASCII), case-insensitively. */
    public boolean nameIs(int f, String lower) {
        int s = fields[f * 4];
        int n = fields[f * 4 + 1] - s;
        if (n != lower.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int c = bytes[s + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // ---- characters ----

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    static boolean isTchar(byte c) {
        return c >= 0 && TCHAR[c];
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAlnum(byte c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String methodName(byte[] b, int n) {
        if (n == 3 && b[0] == 'G' && b[1] == 'E' && b[2] == 'T') {
            return "GET";
        }
        String m = new String(b, 0, n, StandardCharsets.ISO_8859_1);
        return switch (m) {   // the common ones shared, not a new String each
            case "HEAD" -> "HEAD";
            case "POST" -> "POST";
            case "PUT" -> "PUT";
            case "DELETE" -> "DELETE";
            case "PATCH" -> "PATCH";
            case "OPTIONS" -> "OPTIONS";
            default -> m;
        };
    }
}
