package io.zsync.tck;

/**
 * {@code Pipeline.mapConcurrent}: each call a task, four at a time, results in input order, verified as a Flow
 * Publisher.
 */
public class MapConcurrentFlowPublisherVerificationTest extends StreamsFlowPublisherVerification<Integer> {
    public MapConcurrentFlowPublisherVerificationTest() {
        super(StreamsCases.MAP_CONCURRENT);
    }
}
