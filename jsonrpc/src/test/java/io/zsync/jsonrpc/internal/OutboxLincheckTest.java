package io.zsync.jsonrpc.internal;

import io.zsync.jsonrpc.Framing;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of the writer's queue — urgent messages, notifications with and without a key (a keyed one
 * replaces the unsent one with its key where it stands), and the writer's take — with three threads, against {@link
 * Model}: two deques and a key index, one operation at a time. The room limit is set high so no sender waits here
 * (waiting is the runtime's Semaphore, checked in the runtime's own tests). After each run, no key is pending twice.
 */
@Timeout(300)
class OutboxLincheckTest {

    /** The real queue. */
    @Param(name = "value", gen = IntGen.class, conf = "1:3")
    public static class Target {
        private final Outbox outbox = new Outbox(Framing.LINES, OutputStream.nullOutputStream(), 1000, null);

        @Operation
        public void urgent(@Param(name = "value") int v) {
            outbox.urgent(("u" + v).getBytes(StandardCharsets.US_ASCII));
        }

        @Operation
        public void note(@Param(name = "value") int v) {
            outbox.note(null, ("n" + v).getBytes(StandardCharsets.US_ASCII));
        }

        @Operation
        public void noteKeyed(@Param(name = "value") int v) {   // one key: what two senders race on
            outbox.note("k", ("k" + v).getBytes(StandardCharsets.US_ASCII));
        }

        @Operation
        public String take() {
            List<byte[]> batch = new ArrayList<>();
            outbox.take(batch);
            StringBuilder s = new StringBuilder();
            for (byte[] b : batch) {
                s.append(new String(b, StandardCharsets.US_ASCII)).append(' ');
            }
            return s.toString();
        }

        @Validate
        public void oneUnsentNotificationPerKey() {
            if (!outbox.consistent()) {
                throw new IllegalStateException("two unsent notifications share a key, or the key index is off");
            }
        }
    }

    /** The sequential model. */
    public static class Model {
        private final ArrayDeque<String> urgent = new ArrayDeque<>();
        private final ArrayDeque<String[]> notes = new ArrayDeque<>();   // {key or null, body}
        private final HashMap<String, String[]> keyed = new HashMap<>();

        public void urgent(int v) {
            urgent.add("u" + v);
        }

        public void note(int v) {
            add(null, "n" + v);
        }

        public void noteKeyed(int v) {
            add("k", "k" + v);
        }

        private void add(String k, String body) {
            if (k != null && keyed.containsKey(k)) {
                keyed.get(k)[1] = body;
                return;
            }
            String[] n = {k, body};
            notes.add(n);
            if (k != null) {
                keyed.put(k, n);
            }
        }

        public String take() {
            StringBuilder s = new StringBuilder();
            if (!urgent.isEmpty()) {
                while (!urgent.isEmpty()) {
                    s.append(urgent.poll()).append(' ');
                }
                return s.toString();
            }
            for (int i = 0; i < 32 && !notes.isEmpty(); i++) {
                String[] n = notes.poll();
                if (n[0] != null) {
                    keyed.remove(n[0]);
                }
                s.append(n[1]).append(' ');
            }
            return s.toString();
        }
    }

    @Test
    void linearizable() {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("zsync.lincheck.iterations", 8))
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(Model.class)
                .check(Target.class);
    }
}
