package io.zsync.streams;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fromCallable}: the operator kit's source checks, and its own cases. */
@Timeout(60)
class FromCallableTest {
    private final OperatorKit kit = new OperatorKit();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void requestZeroFailsTheStream() throws Exception {
        kit.sourceRequestZeroFails(() -> Streams.fromCallable(() -> 1));
    }

    @Test
    void aCancelRacingOnNextReportsNothingAndSignalsNothingAfterTheEnd() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        kit.sourceCancelRacingOnNext(() -> Streams.fromCallable(calls::incrementAndGet));
    }
}
