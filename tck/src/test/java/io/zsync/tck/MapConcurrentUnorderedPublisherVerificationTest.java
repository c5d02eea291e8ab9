package io.zsync.tck;

/**
 * {@code Pipeline.mapConcurrentUnordered}: each call a task, four at a time, results in completion order, verified as
 * a Reactive Streams Publisher.
 */
public class MapConcurrentUnorderedPublisherVerificationTest extends StreamsPublisherVerification<Integer> {
    public MapConcurrentUnorderedPublisherVerificationTest() {
        super(StreamsCases.MAP_CONCURRENT_UNORDERED);
    }
}
