package io.zsync.tui;

import java.util.Arrays;
import java.util.Objects;

/**
 * A grid of cells the size of the terminal, which {@link TuiApp#view} fills for each frame: a code point and a
 * {@link Style} per cell, blank (a space in the default style) to begin with. Text that runs past the right edge is
 * cut; rows and columns outside the grid are ignored, so a view written for a larger terminal draws what fits.
 *
 * <p>Each code point takes one cell: East Asian wide characters and combining marks are not laid out (not yet).
 * Control characters are drawn as {@code '?'}.
 *
 * <p>Not thread-safe: the loop hands a view its canvas on the UI task.
 *
 * @since 0.1
 */
public final class Canvas {
    private final int cols;
    private final int rows;
    private final int[] codePoints;   // row-major, cols * rows
    private final Style[] styles;     // row-major, never null

    private Canvas(int cols, int rows) {
        this.cols = cols;
        this.rows = rows;
        this.codePoints = new int[cols * rows];
        this.styles = new Style[cols * rows];
        clear();
    }

    /**
     * A blank canvas, for a view's own tests.
     *
     * @param cols columns, 1 or more
     * @param rows rows, 1 or more
     * @return a new canvas
     * @throws IllegalArgumentException if a dimension is below 1
     */
    public static Canvas of(int cols, int rows) {
        if (cols < 1 || rows < 1) {
            throw new IllegalArgumentException("a canvas has at least 1 column and 1 row but was " + cols + "x" + rows);
        }
        return new Canvas(cols, rows);
    }

    /**
     * Columns.
     *
     * @return the width in cells
     */
    public int cols() {
        return cols;
    }

    /**
     * Rows.
     *
     * @return the height in cells
     */
    public int rows() {
        return rows;
    }

    /** Blanks every cell. */
    public void clear() {
        Arrays.fill(codePoints, ' ');
        Arrays.fill(styles, Style.DEFAULT);
    }

    /**
     * Writes {@code text} from ({@code row}, {@code col}) in {@code style}, one code point per cell, cut at the right
     * edge.
     *
     * @param row the row, from 0
     * @param col the column, from 0
     * @param text the text
     * @param style its style
     * @return the column after the text (whether or not it fitted)
     * @throws NullPointerException if {@code text} or {@code style} is null
     */
    public int put(int row, int col, String text, Style style) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(style, "style");
        int c = col;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (row >= 0 && row < rows && c >= 0 && c < cols) {
                int at = row * cols + c;
                codePoints[at] = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ? '?' : cp;
                styles[at] = style;
            }
            c++;
        }
        return c;
    }

    /**
     * Writes {@code text} from ({@code row}, {@code col}) in the default style.
     *
     * @param row the row, from 0
     * @param col the column, from 0
     * @param text the text
     * @return the column after the text
     */
    public int put(int row, int col, String text) {
        return put(row, col, text, Style.DEFAULT);
    }

    /**
     * Sets the style of {@code width} cells from ({@code row}, {@code col}), keeping their characters: a
     * highlighted row, a status bar.
     *
     * @param row the row
     * @param col the first column
     * @param width how many cells
     * @param style the style
     */
    public void style(int row, int col, int width, Style style) {
        Objects.requireNonNull(style, "style");
        if (row < 0 || row >= rows) {
            return;
        }
        for (int c = Math.max(0, col); c < Math.min(cols, col + width); c++) {
            styles[row * cols + c] = style;
        }
    }

    /**
     * The code point in a cell.
     *
     * @param row the row
     * @param col the column
     * @return the code point ({@code ' '} when blank)
     * @throws IndexOutOfBoundsException outside the grid
     */
    public int codePoint(int row, int col) {
        return codePoints[index(row, col)];
    }

    /**
     * The style of a cell.
     *
     * @param row the row
     * @param col the column
     * @return the style
     * @throws IndexOutOfBoundsException outside the grid
     */
    public Style style(int row, int col) {
        return styles[index(row, col)];
    }

    /**
     * A row's text, trailing blanks removed.
     *
     * @param row the row
     * @return its text
     * @throws IndexOutOfBoundsException outside the grid
     */
    public String line(int row) {
        Objects.checkIndex(row, rows);
        StringBuilder b = new StringBuilder(cols);
        for (int c = 0; c < cols; c++) {
            b.appendCodePoint(codePoints[row * cols + c]);
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        return b.substring(0, end);
    }

    private int index(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return row * cols + col;
    }
}
