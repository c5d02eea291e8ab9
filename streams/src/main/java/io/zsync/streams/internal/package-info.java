/** The implementation of zsync's streams: one file per operator, and the few helpers they share. Not exported. */
@NullMarked
package io.zsync.streams.internal;

import org.jspecify.annotations.NullMarked;
