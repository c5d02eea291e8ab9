package io.zsync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.channel.Channel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/** Errors a new user meets say what to do, and name only calls that exist. */
@Timeout(30)
class MessagesTest {

    @Test
    void taskScopeOutsideARuntimeNamesCallsThatExist() {
        IllegalStateException e = assertThrows(IllegalStateException.class, TaskScope::open);
        assertTrue(e.getMessage().contains("inside Zsync.run(...)"), e.getMessage());
        assertTrue(e.getMessage().contains("Zsync.initGlobalRuntime(Config.optimal())"), e.getMessage());
        assertFalse(e.getMessage().contains("ZsyncRuntime's TaskScope"), "no such call: " + e.getMessage());
        IllegalStateException t = assertThrows(IllegalStateException.class,
                () -> Zsync.ticker(Duration.ofSeconds(1)));
        assertFalse(t.getMessage().contains("ZsyncRuntime's ticker"), "no such call: " + t.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> Zsync.spawn(() -> 1));
        assertTrue(s.getMessage().contains("use a ZsyncRuntime's spawn()"), s.getMessage());
    }

    @Test
    void awaitWithANullTimeoutSaysWhatToPass() throws Exception {
        Zsync.run(() -> {
            Task<Integer> t = Zsync.spawn(() -> 1);
            NullPointerException e = assertThrows(NullPointerException.class, () -> t.await(null));
            assertTrue(e.getMessage().contains("Duration.ofSeconds(5)"), e.getMessage());
            assertTrue(e.getMessage().contains("await()"), e.getMessage());
        });
    }

    @Test
    void aSecondUpstreamOnAChannelSaysToMergeFirst() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        Zsync.run(Config.optimal().toBuilder().uncaughtHandler(handler).build(), () -> {
            Channel<Integer> c = Zsync.bounded(4);
            Flux.<Integer>never().subscribe(c);   // stays attached: the channel keeps its upstream
            Flux.range(0, 2).subscribe(c);
            List<Throwable> reported = handler.awaitFailures(1);
            String m = reported.get(0).getMessage();
            assertTrue(m.contains("§2.5"), m);
            assertTrue(m.contains("merge the publishers first"), m);
        });
    }

    @Test
    void tickerAndNamesRejectBadArguments() throws Exception {
        Zsync.run(() -> {
            IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                    () -> Zsync.ticker(Duration.ZERO));
            assertTrue(p.getMessage().contains("must be positive"), p.getMessage());
            IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                    () -> Zsync.spawn(" ", () -> 1));
            assertTrue(n.getMessage().contains("must not be blank"), n.getMessage());
            Task<Integer> named = Zsync.spawn("fetch user 42", () -> 42);
            assertTrue(named.toString().contains("fetch user 42"), named.toString());
            named.await();
        });
    }
}
