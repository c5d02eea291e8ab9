package io.zsync.streams;

import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;

/** {@code filter}: the operator kit's protocol checks (see {@link OperatorKit}), and its own cases. */
@Timeout(60)
class FilterTest {
    private static final Function<Publisher<Integer>, Publisher<?>> OPERATOR = up -> Streams.from(up).filter(i -> true);

    private final OperatorKit kit = new OperatorKit();

    @AfterEach
    void close() {
        kit.close();
    }

    @Test
    void aSecondOnSubscribeIsCancelledAndReported() {
        kit.secondOnSubscribeIsCancelledAndReported(OPERATOR);
    }

    @Test
    void requestZeroFailsTheStream() throws Exception {
        kit.requestZeroFails(OPERATOR);
    }

    @Test
    void aLateErrorFromAForeignThreadReachesTheHandlerOfTheRuntimeThatBuiltIt() throws Exception {
        kit.lateErrorReachesTheHandler(OPERATOR);
    }

    @Test
    void anErrorAfterCancelReachesTheHandlerOfTheRuntimeThatBuiltIt() throws Exception {
        kit.errorAfterCancelReachesTheHandler(OPERATOR);
    }

    @Test
    void anUpstreamThatEmitsWithoutDemandFailsTheStream() throws Exception {
        kit.emitWithoutDemandFails(OPERATOR);
    }

    @Test
    void aCancelRacingOnNextCancelsTheUpstreamAndReportsNothing() throws Exception {
        kit.cancelRacingOnNext(OPERATOR);
    }
}
