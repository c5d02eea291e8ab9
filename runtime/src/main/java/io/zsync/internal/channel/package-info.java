/** Implementation of channels; not exported, not API. */
@NullMarked
package io.zsync.internal.channel;

import org.jspecify.annotations.NullMarked;
