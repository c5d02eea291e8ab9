package io.zsync.http.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the request-head parser: whatever the bytes, it finds the end or waits for more, parses or refuses with
 * {@link BadRequest} (a status of 400, 414, 431, 501 or 505); no other exception escapes, and what it parses obeys
 * the framing rules. The corpus in src/test/resources replays in every test run.
 */
class HeadFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void headParser(byte[] input) {
        try {
            int end = Head.end(input, 0, input.length, 1024, 4096);
            if (end < 0) {
                return;   // incomplete: the connection would read more
            }
            Head head = Head.parse(java.util.Arrays.copyOf(input, end), end, 50);
            assertTrue(!(head.chunked() && head.contentLength() >= 0), "never both Content-Length and chunked");
            assertTrue(head.method().length() > 0 && head.target().length() > 0);
            for (int f = 0; f < head.size(); f++) {
                head.name(f);
                head.value(f);
            }
        } catch (BadRequest refused) {
            int s = refused.status();
            assertTrue(s == 400 || s == 414 || s == 431 || s == 501 || s == 505, "status " + s);
        }
    }
}
