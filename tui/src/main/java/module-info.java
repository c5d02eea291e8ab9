/**
 * A terminal UI event loop on zsync: one task waits in one {@code select} over terminal input, resize, ticks,
 * application channels and render deadlines; a coalescing renderer draws at most {@code maxFps} frames a second and
 * none while idle; the terminal is restored on every way out. See {@link io.zsync.tui.Tui}.
 */
module io.zsync.tui {
    requires transitive io.zsync.runtime;
    requires static org.jspecify;
    requires org.jline.terminal;      // raw mode, size, signals: implementation only, no JLine type in the API
    exports io.zsync.tui;
}
