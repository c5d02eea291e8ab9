package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zsync.streams.internal.Races;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fromIterable} and {@code fromStream}: the operator kit's source checks, and their own cases. */
@Timeout(60)
class FromIterableTest {
    private final OperatorKit kit = new OperatorKit();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void requestZeroFailsTheStream() throws Exception {
        kit.sourceRequestZeroFails(() -> Streams.fromIterable(List.of(1, 2, 3)));
    }

    @Test
    void aCancelRacingOnNextReportsNothingAndSignalsNothingAfterTheEnd() throws Exception {
        kit.sourceCancelRacingOnNext(() -> Streams.fromIterable(IntStream.range(0, 50).boxed().toList()));
    }

    @Test
    void fromStreamClosesItsStreamOnceWhenACancelRacesTheEnd() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        AtomicReference<OperatorKit.Strict<Integer>> current = new AtomicReference<>();
        Races.race(20_000, () -> {
            closes.set(0);
            OperatorKit.Strict<Integer> r = new OperatorKit.Strict<>(0);
            kit.build(() -> Streams.fromStream(Stream.of(1).onClose(closes::incrementAndGet))).subscribe(r);
            current.set(r);
        }, () -> current.get().subscription.request(1), () -> current.get().subscription.cancel(), () -> {
            assertEquals(1, closes.get(), "the stream is closed once, by whichever ended the subscription");
        });
        assertEquals(List.of(), kit.reported);
    }
}
