package io.zsync.tui.internal;

import io.zsync.tui.Canvas;
import io.zsync.tui.Style;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Turns a frame into the bytes that bring the terminal from the previous frame to it: per row, the span from the
 * first to the last cell that differs, written over in place (a cursor move, the cells with their styles); a full
 * repaint (clear, then every row) when there is no previous frame of the same size. Each cell in a written span is
 * written, so the screen equals the frame afterwards whatever it showed in that span.
 *
 * <p>Not thread-safe: the UI task owns it.
 */
public final class Renderer {
    private final StringBuilder out = new StringBuilder(8192);
    private @Nullable Style current;   // the style the terminal is in while a frame is written; null: unknown

    /**
     * The bytes from {@code previous} (null: unknown screen) to {@code next}, or an empty array if nothing
     * changed. With {@code sync}, wrapped in synchronized output (mode 2026).
     */
    public byte[] diff(@Nullable Canvas previous, Canvas next, boolean sync) {
        out.setLength(0);
        current = null;
        boolean full = previous == null || previous.cols() != next.cols() || previous.rows() != next.rows();
        if (full) {
            out.append("\u001b[0m\u001b[H\u001b[2J");
            current = Style.DEFAULT;
        }
        for (int r = 0; r < next.rows(); r++) {
            int first = -1;
            int last = -1;
            for (int c = 0; c < next.cols(); c++) {
                boolean differs = full ? next.codePoint(r, c) != ' ' || !next.style(r, c).equals(Style.DEFAULT)
                        : next.codePoint(r, c) != previous.codePoint(r, c)
                                || !next.style(r, c).equals(previous.style(r, c));
                if (differs) {
                    if (first < 0) {
                        first = c;
                    }
                    last = c;
                }
            }
            if (first < 0) {
                continue;
            }
            out.append("\u001b[").append(r + 1).append(';').append(first + 1).append('H');
            for (int c = first; c <= last; c++) {
                Style s = next.style(r, c);
                if (!s.equals(current)) {
                    sgr(s);
                    current = s;
                }
                out.appendCodePoint(next.codePoint(r, c));
            }
        }
        if (out.isEmpty()) {
            return new byte[0];
        }
        if (current != null && !current.equals(Style.DEFAULT)) {
            out.append("\u001b[0m");
        }
        if (sync) {
            out.insert(0, "\u001b[?2026h").append("\u001b[?2026l");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void sgr(Style s) {
        out.append("\u001b[0");
        if (s.bold()) {
            out.append(";1");
        }
        if (s.underline()) {
            out.append(";4");
        }
        if (s.reverse()) {
            out.append(";7");
        }
        color(s.foreground(), 30, 90, 38);
        color(s.background(), 40, 100, 48);
        out.append('m');
    }

    private void color(int c, int base, int bright, int extended) {
        if (c < 0) {
            return;
        }
        if (c < 8) {
            out.append(';').append(base + c);
        } else if (c < 16) {
            out.append(';').append(bright + c - 8);
        } else {
            out.append(';').append(extended).append(";5;").append(c);
        }
    }
}
