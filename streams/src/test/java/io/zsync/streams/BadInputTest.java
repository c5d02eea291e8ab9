package io.zsync.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad arguments fail at the call with a message that says what to do; a §1.1-breaking upstream fails the stream. */
@Timeout(30)
class BadInputTest {
    private static final Pipeline<Integer> INTS = Streams.fromIterable(List.of(1, 2, 3));

    @Test
    void nullMapperIsRejectedAtAssembly() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> INTS.map(null));
        assertTrue(e.getMessage().contains("mapper must not be null"), e.getMessage());
    }

    @Test
    void nullPredicateAndFunctionAreRejected() {
        assertThrows(NullPointerException.class, () -> INTS.filter(null));
        assertThrows(NullPointerException.class, () -> INTS.mapConcurrent(4, null));
        assertThrows(NullPointerException.class, () -> INTS.mapConcurrentUnordered(4, null));
        assertThrows(NullPointerException.class, () -> Streams.fromIterable(null));
        assertThrows(NullPointerException.class, () -> Streams.merge(java.util.Arrays.asList(INTS, null)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void batchSizeBelowOneIsRejected(int size) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> INTS.batch(size, Duration.ofMillis(10)));
        assertEquals("batch size must be >= 1 but was " + size + "; use batch(1, maxWait) to emit each element alone",
                e.getMessage());
    }

    @Test
    void batchWaitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> INTS.batch(3, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> INTS.batch(3, Duration.ofMillis(-1)));
    }

    @Test
    void otherArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> INTS.take(-1));
        assertThrows(IllegalArgumentException.class, () -> INTS.timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Streams.interval(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> INTS.iterator(0));
        IllegalArgumentException race = assertThrows(IllegalArgumentException.class, () -> Streams.race(List.of()));
        assertTrue(race.getMessage().contains("at least one publisher"), race.getMessage());
    }

    @Test
    void mapperReturningNullFailsTheStream() throws InterruptedException {
        Recorder<Integer> r = new Recorder<>(10);
        INTS.map(i -> (Integer) null).subscribe(r);
        assertInstanceOf(NullPointerException.class, r.await().error);
    }

    static List<Function<Pipeline<Integer>, Pipeline<?>>> operators() {
        return List.of(
                p -> p.map(i -> i),
                p -> p.filter(i -> true),
                p -> p.take(100),
                p -> p.timeout(Duration.ofSeconds(10)),
                p -> p.mapConcurrent(2, i -> i),
                p -> p.mapConcurrentUnordered(2, i -> i),
                p -> p.batch(2, Duration.ofSeconds(10)),
                p -> Streams.merge(List.of(p)),
                p -> Streams.concat(List.of(p)),
                p -> Streams.race(List.of(p)),
                p -> Streams.zip(List.of(p, Streams.fromIterable(List.of(1, 2, 3)))),
                p -> Streams.zip(Streams.fromIterable(List.of(1, 2, 3)), p, (a, b) -> a + b));
    }

    @Test
    void anUpstreamThatEmitsWithoutDemandFailsEveryOperatorWithIllegalStateException()
            throws InterruptedException {
        int i = 0;
        for (Function<Pipeline<Integer>, Pipeline<?>> operator : operators()) {
            Misbehaving upstream = new Misbehaving(1_000);
            Recorder<Object> r = new Recorder<>(0);   // requests nothing: the operators ask little or nothing
            operator.apply(Streams.from(upstream)).subscribe(r);
            r.await();
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, r.error, "operator " + i);
            assertTrue(e.getMessage().startsWith("§1.1 violated: the upstream of "), e.getMessage());
            assertTrue(upstream.cancelled, "operator " + i + " cancelled its upstream");
            i++;
        }
    }

    @Test
    void anIteratorOverAnUpstreamThatEmitsWithoutDemandFails() {
        Misbehaving upstream = new Misbehaving(1_000);
        try (AsyncIterator<Integer> it = Streams.from(upstream).iterator(4)) {
            StreamFailedException e = assertThrows(StreamFailedException.class, () -> {
                while (it.hasNext()) {
                    it.next();
                }
            });
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
        assertTrue(upstream.cancelled);
    }

    @Test
    void requestOfZeroSignalsIllegalArgumentException() throws InterruptedException {
        Recorder<Integer> r = new Recorder<>(0);
        INTS.map(i -> i).subscribe(r);
        r.subscription.request(0);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, r.await().error);
        assertEquals("§3.9 violated: positive request amount required but it was 0", e.getMessage());
    }
}
