package io.zsync.tui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.Config;
import io.zsync.Task;
import io.zsync.ZsyncRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Producers post and offerLatest on virtual threads while one consumer polls: every post arrives once, in each
 * producer's order; per key, values arrive in increasing order, the last one always, and delivered + replaced equals
 * offered; posts never wait beyond the capacity (high-water at most the capacity).
 */
@Tag("stress")
@Timeout(120)
class MailboxStressTest {
    private static final int MULTIPLIER = Integer.getInteger("zsync.stress.multiplier", 1);

    private record Post(int producer, int seq) {
    }

    private record Latest(int key, int seq) {
    }

    @Test
    void nothingLostNothingDuplicatedLatestAlwaysArrives() throws Exception {
        int posters = 4;
        int offerers = 4;                       // one key each
        int perProducer = 50_000 * MULTIPLIER;
        int capacity = 64;
        Mailbox mailbox = new Mailbox(capacity);
        try (ZsyncRuntime runtime = ZsyncRuntime.create(Config.optimal())) {
            List<Task<Void>> producers = new ArrayList<>();
            for (int p = 0; p < posters; p++) {
                int id = p;
                producers.add(runtime.spawn(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        if (!mailbox.post(new Post(id, i))) {
                            throw new AssertionError("closed early");
                        }
                    }
                }));
            }
            for (int k = 0; k < offerers; k++) {
                int key = k;
                producers.add(runtime.spawn(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        mailbox.offerLatest(key, new Latest(key, i));
                    }
                }));
            }
            int[] nextPost = new int[posters];
            int[] lastLatest = new int[offerers];
            java.util.Arrays.fill(lastLatest, -1);
            long latestDelivered = 0;
            long posts = 0;
            long expectedPosts = (long) posters * perProducer;
            while (posts < expectedPosts || !allLast(lastLatest, perProducer)) {
                Object m = mailbox.poll();
                if (m == null) {
                    Thread.onSpinWait();
                    continue;
                }
                if (m instanceof Post p) {
                    assertEquals(nextPost[p.producer()], p.seq(), "post order of producer " + p.producer());
                    nextPost[p.producer()]++;
                    posts++;
                } else {
                    Latest l = (Latest) m;
                    assertTrue(l.seq() > lastLatest[l.key()], "key " + l.key() + ": " + l.seq() + " after "
                            + lastLatest[l.key()]);
                    lastLatest[l.key()] = l.seq();
                    latestDelivered++;
                }
            }
            for (Task<Void> t : producers) {
                t.await();
            }
            assertEquals(null, mailbox.poll(), "nothing more");
            assertEquals((long) offerers * perProducer, latestDelivered + mailbox.replaced(),
                    "every keyed message delivered or replaced, never both");
            assertTrue(mailbox.highWater() <= capacity, "high-water " + mailbox.highWater());
            assertEquals(expectedPosts, posts);
        }
    }

    private static boolean allLast(int[] last, int n) {
        for (int v : last) {
            if (v != n - 1) {
                return false;
            }
        }
        return true;
    }
}
