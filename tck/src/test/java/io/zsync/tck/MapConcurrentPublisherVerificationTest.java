package io.zsync.tck;

/**
 * {@code Pipeline.mapConcurrent}: each call a task, four at a time, results in input order, verified as a Reactive
 * Streams Publisher.
 */
public class MapConcurrentPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public MapConcurrentPublisherVerificationTest() {
        super(StreamsCases.MAP_CONCURRENT);
    }
}
