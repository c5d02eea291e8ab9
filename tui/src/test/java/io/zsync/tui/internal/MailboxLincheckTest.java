package io.zsync.tui.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of the mailbox's non-waiting operations — tryPost, offerLatest, and the one consumer's two takes
 * (a post, a keyed message) — against {@link Spec}: a bounded FIFO and an insertion-ordered map whose replaced key
 * keeps its place. poll() itself, which tries the two in turn, is not atomic (see Mailbox's relaxation, found here);
 * MailboxStressTest checks that its alternation loses and duplicates nothing.
 */
@Timeout(300)
class MailboxLincheckTest {
    private static final int CAPACITY = 2;

    @Param(name = "key", gen = IntGen.class, conf = "0:1")
    @Param(name = "value", gen = IntGen.class, conf = "0:3")
    public static final class Target {
        private final Mailbox mailbox = new Mailbox(CAPACITY);

        public Target() {
        }

        @Operation
        public boolean tryPost(@Param(name = "value") int value) {
            return mailbox.tryPost("p" + value);
        }

        @Operation
        public boolean offerLatest(@Param(name = "key") int key, @Param(name = "value") int value) {
            return mailbox.offerLatest(key, "k" + key + "=" + value);
        }

        @Operation(nonParallelGroup = "consumer")
        public Object pollPost() {
            Object m = mailbox.pollPost();
            return m == null ? "none" : m;
        }

        @Operation(nonParallelGroup = "consumer")
        public Object pollKeyed() {
            Object m = mailbox.pollKeyed();
            return m == null ? "none" : m;
        }
    }

    /** The sequential model. */
    public static final class Spec {
        private final ArrayDeque<String> posts = new ArrayDeque<>();
        private final LinkedHashMap<Integer, String> keyed = new LinkedHashMap<>();

        public Spec() {
        }

        public boolean tryPost(int value) {
            if (posts.size() == CAPACITY) {
                return false;
            }
            posts.add("p" + value);
            return true;
        }

        public boolean offerLatest(int key, int value) {
            keyed.put(key, "k" + key + "=" + value);
            return true;
        }

        public Object pollPost() {
            String m = posts.poll();
            return m == null ? "none" : m;
        }

        public Object pollKeyed() {
            if (keyed.isEmpty()) {
                return "none";
            }
            Iterator<Map.Entry<Integer, String>> it = keyed.entrySet().iterator();
            String m = it.next().getValue();
            it.remove();
            return m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && s.posts.stream().toList().equals(posts.stream().toList())
                    && order(s.keyed).equals(order(keyed));   // the order matters: LinkedHashMap.equals ignores it
        }

        @Override
        public int hashCode() {
            return posts.stream().toList().hashCode() * 31 + order(keyed).hashCode();
        }

        private static java.util.List<Map.Entry<Integer, String>> order(LinkedHashMap<Integer, String> m) {
            return java.util.List.copyOf(m.entrySet());
        }
    }

    @Test
    void mailboxIsLinearizable() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 4))
                .invocationsPerIteration(800)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(0)
                .actorsAfter(0)
                .sequentialSpecification(Spec.class)
                .check(Target.class);
    }
}
