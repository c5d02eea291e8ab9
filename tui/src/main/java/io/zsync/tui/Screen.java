package io.zsync.tui;

import io.zsync.tui.internal.HeadlessBackend;
import io.zsync.tui.internal.VirtualScreen;
import java.util.StringJoiner;

/**
 * What a {@link HeadlessTui}'s virtual terminal shows now: the cells, as the terminal's bytes made them (the
 * renderer's diffs included), and the terminal's modes. A live view: read it after the loop settled (the driving
 * methods of {@link HeadlessTui} return then).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class Screen {
    private final VirtualScreen screen;
    private final HeadlessBackend backend;

    Screen(HeadlessBackend backend) {
        this.backend = backend;
        this.screen = backend.screen();
    }

    /**
     * Columns.
     *
     * @return the width
     */
    public int cols() {
        return screen.cols();
    }

    /**
     * Rows.
     *
     * @return the height
     */
    public int rows() {
        return screen.rows();
    }

    /**
     * A row's text, trailing blanks removed.
     *
     * @param row the row, from 0
     * @return its text
     * @throws IndexOutOfBoundsException outside the screen
     */
    public String line(int row) {
        return screen.line(row);
    }

    /**
     * A cell's character.
     *
     * @param row the row
     * @param col the column
     * @return the code point, {@code ' '} when blank
     * @throws IndexOutOfBoundsException outside the screen
     */
    public int codePoint(int row, int col) {
        return screen.codePoint(row, col);
    }

    /**
     * A cell's style.
     *
     * @param row the row
     * @param col the column
     * @return the style
     * @throws IndexOutOfBoundsException outside the screen
     */
    public Style style(int row, int col) {
        return screen.style(row, col);
    }

    /**
     * Every row's text, trailing blanks removed, joined by newlines: a text snapshot.
     *
     * @return the text
     */
    public String text() {
        StringJoiner j = new StringJoiner("\n");
        for (int r = 0; r < rows(); r++) {
            j.add(line(r));
        }
        return j.toString();
    }

    /**
     * Whether the alternate screen is on.
     *
     * @return true while the loop draws on it
     */
    public boolean alternateScreen() {
        return screen.alternate();
    }

    /**
     * Whether the cursor is visible.
     *
     * @return false while hidden
     */
    public boolean cursorVisible() {
        return screen.cursorVisible();
    }

    /**
     * Whether the tty is in raw mode.
     *
     * @return true while the loop runs
     */
    public boolean raw() {
        return backend.raw();
    }

    /**
     * Whether a DEC private mode is on (for example 2004 bracketed paste, 1000 mouse, 1004 focus).
     *
     * @param mode the mode number
     * @return whether the last word on it was "set"
     */
    public boolean mode(int mode) {
        return screen.mode(mode);
    }

    /**
     * How many bytes the terminal has received: a frame that changed nothing writes none.
     *
     * @return the count
     */
    public long bytesWritten() {
        return screen.bytes();
    }

    /**
     * How many escape sequences the virtual terminal did not understand: 0 unless the loop wrote something
     * unexpected.
     *
     * @return the count
     */
    public int unknownSequences() {
        return screen.unknown();
    }
}
