package io.zsync.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proof that the model checker works here: it must catch a plainly racy counter. (Lincheck 2.x could not read JDK 25
 * class files and passed this counter; a checker that cannot fail proves nothing.)
 */
@Timeout(120)
class LincheckSelfTest {

    /** A counter whose increment is a read and a separate write: two threads can lose an increment. */
    public static final class RacyCounter {
        private volatile int value;

        @Operation
        public int increment() {
            int v = value;
            value = v + 1;
            return v + 1;
        }

        @Operation
        public int get() {
            return value;
        }
    }

    @Test
    void modelCheckingCatchesALostUpdate() {
        assertThrows(LincheckAssertionError.class, () -> new ModelCheckingOptions()
                .iterations(20).invocationsPerIteration(500).check(RacyCounter.class));
    }
}
