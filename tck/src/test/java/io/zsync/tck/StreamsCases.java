package io.zsync.tck;

import io.zsync.streams.Pipeline;
import io.zsync.streams.Streams;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

/** One case per streams source and operator: what its TCK verifications (both families) subscribe to. */
final class StreamsCases {
    private StreamsCases() {
    }

    /** 0, 1, … n-1, lazily: n may be Long.MAX_VALUE ("infinite"). */
    static Iterable<Integer> range(long n) {
        return () -> new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Integer next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                return (int) next++;
            }
        };
    }

    static Pipeline<Integer> ints(long n) {
        return Streams.fromIterable(range(n));
    }

    /** Fails at subscribe time, before any request. */
    static Pipeline<Integer> failing() {
        return Streams.fromIterable(() -> {
            throw new IllegalStateException("failed on purpose by the TCK's failed-publisher test");
        });
    }

    /** Never signals anything until cancelled. */
    static Pipeline<Integer> never() {
        return Streams.produce(emitter -> new CountDownLatch(1).await());   // blocks until cancelled
    }

    /** 0, 1, 2 … from a producer task, until cancelled. */
    static Pipeline<Integer> endless() {
        return Streams.produce(emitter -> {
            for (int i = 0; ; i++) {
                emitter.emit(i);
            }
        });
    }

    private static long times(long n, long k) {
        return n > Long.MAX_VALUE / k ? Long.MAX_VALUE : n * k;
    }

    static final StreamsCase<Integer> FROM_ITERABLE = new StreamsCase<>(StreamsCases::ints, StreamsCases::failing);

    static final StreamsCase<Integer> FROM_STREAM = new StreamsCase<>(
            n -> Streams.fromStream(LongStream.range(0, n).mapToObj(i -> (int) i)),
            () -> Streams.fromStream(java.util.stream.Stream.<Integer>generate(() -> {
                throw new IllegalStateException("failed on purpose by the TCK's failed-publisher test");
            })));

    static final StreamsCase<Integer> FROM_CALLABLE = new StreamsCase<>(
            n -> Streams.fromCallable(() -> n == 0 ? null : 42),
            () -> Streams.fromCallable(() -> {
                throw new IllegalStateException("failed on purpose by the TCK's failed-publisher test");
            }),
            1);

    static final StreamsCase<Integer> PRODUCE = new StreamsCase<>(
            n -> Streams.produce(emitter -> {
                for (long i = 0; i < n; i++) {
                    emitter.emit((int) i);
                }
            }),
            () -> Streams.produce(emitter -> {
                throw new IllegalStateException("failed on purpose by the TCK's failed-publisher test");
            }));

    /** interval never ends by itself: take(n) makes it finite. It cannot fail, so no failed publisher. */
    static final StreamsCase<Long> INTERVAL = new StreamsCase<>(
            n -> Streams.interval(Duration.ofMillis(1)).take(n), null);

    static final StreamsCase<Integer> MAP = new StreamsCase<>(
            n -> ints(n).map(i -> i + 1), () -> failing().map(i -> i + 1));

    static final StreamsCase<Integer> FILTER = new StreamsCase<>(
            n -> ints(times(n, 2)).filter(i -> i % 2 == 0), () -> failing().filter(i -> true));

    static final StreamsCase<Integer> TAKE = new StreamsCase<>(
            n -> ints(Long.MAX_VALUE).take(n), () -> failing().take(10));

    static final StreamsCase<List<Integer>> BATCH = new StreamsCase<>(
            n -> ints(times(n, 3)).batch(3, Duration.ofSeconds(10)),
            () -> failing().batch(3, Duration.ofSeconds(10)));

    static final StreamsCase<Integer> MERGE = new StreamsCase<>(
            n -> Streams.merge(List.of(ints(n / 2), ints(n - n / 2))),
            () -> Streams.merge(List.of(ints(3), failing())));

    static final StreamsCase<Integer> CONCAT = new StreamsCase<>(
            n -> Streams.concat(List.of(ints(n / 2), ints(0), ints(n - n / 2))),
            () -> Streams.concat(List.of(failing(), ints(3))));

    /** The even elements' calls yield first, so calls may finish out of order; results go in input order. */
    static final StreamsCase<Integer> MAP_CONCURRENT = new StreamsCase<>(
            n -> ints(n).mapConcurrent(4, i -> {
                if (i % 2 == 0) {
                    Thread.yield();
                }
                return i * 2;
            }),
            () -> failing().mapConcurrent(4, i -> i));

    static final StreamsCase<Integer> MAP_CONCURRENT_UNORDERED = new StreamsCase<>(
            n -> ints(n).mapConcurrentUnordered(4, i -> i * 2), () -> failing().mapConcurrentUnordered(4, i -> i));

    static final StreamsCase<Integer> RACE = new StreamsCase<>(
            n -> Streams.race(List.of(ints(n), never())), () -> Streams.race(List.of(failing(), never())));

    static final StreamsCase<Integer> TIMEOUT = new StreamsCase<>(
            n -> ints(n).timeout(Duration.ofSeconds(10)), () -> failing().timeout(Duration.ofSeconds(10)));

    /** n rounds: the finite source ends it, and the endless producer, on a thread of its own, is cancelled. */
    static final StreamsCase<List<Integer>> ZIP = new StreamsCase<>(
            n -> Streams.zip(List.of(ints(n), endless())),
            () -> Streams.zip(List.of(ints(3), failing())));
}
