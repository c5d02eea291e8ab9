package io.zsync.tck;

/**
 * {@code Pipeline.mapConcurrentUnordered}: each call a task, four at a time, results in completion order, verified as
 * a Flow Publisher.
 */
public class MapConcurrentUnorderedFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public MapConcurrentUnorderedFlowPublisherVerificationTest() {
        super(StreamsCases.MAP_CONCURRENT_UNORDERED);
    }
}
