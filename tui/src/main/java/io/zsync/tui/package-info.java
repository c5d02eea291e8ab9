/**
 * A terminal UI on zsync. {@link io.zsync.tui.Tui#run} runs a {@link io.zsync.tui.TuiApp} on a real terminal;
 * {@link io.zsync.tui.HeadlessTui} runs the same app on a virtual one driven by a manual clock, for tests.
 */
@NullMarked
package io.zsync.tui;

import org.jspecify.annotations.NullMarked;
