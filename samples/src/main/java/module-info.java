/** zsync's samples: the tour and one program per use case. Uses exported API only. */
module io.zsync.samples {
    requires io.zsync.runtime;
    requires io.zsync.streams;    // the tour's mapConcurrent step
    requires io.zsync.interop;    // README's interop example (ReadmeExamplesTest)
    requires reactor.core;        // the pipeline sample's middle stage (an automatic module)
}
