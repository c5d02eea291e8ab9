/** Helpers shared by zsync's Publishers; not exported, not API. */
@NullMarked
package io.zsync.internal.flow;

import org.jspecify.annotations.NullMarked;
