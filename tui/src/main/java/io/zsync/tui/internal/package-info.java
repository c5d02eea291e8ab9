/** The terminal UI's implementation: not API. */
@NullMarked
package io.zsync.tui.internal;

import org.jspecify.annotations.NullMarked;
