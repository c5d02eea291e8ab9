package io.zsync.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.samples.http.HttpClientSample;
import io.zsync.samples.http.HttpServerSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP samples run and say what they should. */
@Timeout(60)
class HttpSamplesTest {
    private static String run(ThrowingMain main) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(out);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        out.print(printed);
        return printed;
    }

    interface ThrowingMain {
        void run() throws Exception;
    }

    @Test
    void serverSample() throws Exception {
        String out = run(() -> HttpServerSample.main(new String[] {"--self-test"}));
        assertTrue(out.contains("200 Hello, World!"), out);
        assertTrue(out.contains("200 {\"hello\":\"zsync\"}"), out);
        assertTrue(out.contains("201 stored 100000 bytes"), out);
        assertTrue(out.contains("200 3 clock events"), out);
    }

    @Test
    void clientSample() throws Exception {
        String out = run(() -> HttpClientSample.main(new String[0]));
        assertTrue(out.contains("first mirror to answer: fast copy of release.tar"), out);
        assertTrue(out.contains("downloaded 20 files, at most 4 at a time; the last: file 20"), out);
    }
}
