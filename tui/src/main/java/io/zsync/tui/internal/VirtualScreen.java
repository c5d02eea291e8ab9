package io.zsync.tui.internal;

import io.zsync.tui.Style;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A terminal emulator just large enough for what the renderer and the guard write: printable text, CR and LF,
 * cursor position (CSI H), erase display (CSI 2J) and line (CSI K), SGR (bold, underline, reverse, 16 and 256
 * colours), DEC private modes (CSI ? n h/l, with 1049 switching to an alternate buffer and back). Anything else is
 * counted in {@link #unknown()}, so a test sees output it does not understand. Thread-safe (synchronized: written
 * by the UI task, read by a test).
 */
public final class VirtualScreen {
    private int cols;
    private int rows;
    private int[][] main;
    private Style[][] mainStyles;
    private int[][] alt;
    private Style[][] altStyles;
    private boolean onAlt;
    private int row;
    private int col;
    private Style style = Style.DEFAULT;
    private final Set<Integer> modes = new HashSet<>();
    private int unknown;
    private boolean cursorVisible = true;
    private final StringBuilder pending = new StringBuilder();   // an escape sequence cut between writes
    private long bytes;

    public VirtualScreen(int cols, int rows) {
        resize(cols, rows);
    }

    /** As a terminal does: what fits of the old content stays (stale, until the program repaints). */
    public synchronized void resize(int newCols, int newRows) {
        main = copy(main, blank(newCols, newRows));
        mainStyles = copy(mainStyles, blankStyles(newCols, newRows));
        alt = copy(alt, blank(newCols, newRows));
        altStyles = copy(altStyles, blankStyles(newCols, newRows));
        this.cols = newCols;
        this.rows = newRows;
        row = Math.min(row, newRows - 1);
        col = Math.min(col, newCols - 1);
    }

    private static <A> A copy(A from, A to) {
        if (from == null) {
            return to;
        }
        int fromRows = java.lang.reflect.Array.getLength(from);
        int toRows = java.lang.reflect.Array.getLength(to);
        for (int r = 0; r < Math.min(fromRows, toRows); r++) {
            Object src = java.lang.reflect.Array.get(from, r);
            Object dst = java.lang.reflect.Array.get(to, r);
            System.arraycopy(src, 0, dst, 0,
                    Math.min(java.lang.reflect.Array.getLength(src), java.lang.reflect.Array.getLength(dst)));
        }
        return to;
    }

    private static int[][] blank(int c, int r) {
        int[][] g = new int[r][c];
        for (int[] line : g) {
            Arrays.fill(line, ' ');
        }
        return g;
    }

    private static Style[][] blankStyles(int c, int r) {
        Style[][] g = new Style[r][c];
        for (Style[] line : g) {
            Arrays.fill(line, Style.DEFAULT);
        }
        return g;
    }

    public synchronized void write(byte[] data) {
        bytes += data.length;
        String s = pending + new String(data, StandardCharsets.UTF_8);
        pending.setLength(0);
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == 0x1b) {
                int end = sequenceEnd(s, i);
                if (end < 0) {
                    pending.append(s, i, s.length());
                    return;
                }
                sequence(s.substring(i, end));
                i = end;
            } else if (ch == '\r') {
                col = 0;
                i++;
            } else if (ch == '\n') {
                row = Math.min(rows - 1, row + 1);
                i++;
            } else {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                put(cp);
            }
        }
    }

    private static int sequenceEnd(String s, int at) {
        if (at + 1 >= s.length()) {
            return -1;
        }
        if (s.charAt(at + 1) != '[') {
            return at + 2;
        }
        for (int i = at + 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x40 && c <= 0x7e) {
                return i + 1;
            }
        }
        return -1;
    }

    private void put(int cp) {
        if (col >= cols) {   // a character after the last column wraps (the renderer never writes one)
            col = 0;
            row = Math.min(rows - 1, row + 1);
        }
        grid()[row][col] = cp;
        styles()[row][col] = style;
        col++;
    }

    private int[][] grid() {
        return onAlt ? alt : main;
    }

    private Style[][] styles() {
        return onAlt ? altStyles : mainStyles;
    }

    private void sequence(String seq) {
        if (!seq.startsWith("\u001b[")) {
            unknown++;
            return;
        }
        char fin = seq.charAt(seq.length() - 1);
        String params = seq.substring(2, seq.length() - 1);
        if (params.startsWith("?") && (fin == 'h' || fin == 'l')) {
            for (String p : params.substring(1).split(";")) {
                int mode = Integer.parseInt(p);
                if (fin == 'h') {
                    modes.add(mode);
                } else {
                    modes.remove(mode);
                }
                if (mode == 25) {
                    cursorVisible = fin == 'h';
                }
                if (mode == 1049) {
                    if (fin == 'h' && !onAlt) {
                        alt = blank(cols, rows);
                        altStyles = blankStyles(cols, rows);
                    }
                    onAlt = fin == 'h';
                }
            }
            return;
        }
        switch (fin) {
            case 'H' -> {
                String[] p = params.split(";");
                row = clamp(params.isEmpty() ? 1 : Integer.parseInt(p[0]), rows) - 1;
                col = clamp(p.length > 1 ? Integer.parseInt(p[1]) : 1, cols) - 1;
            }
            case 'J' -> {
                if (params.equals("2")) {
                    for (int r = 0; r < rows; r++) {
                        Arrays.fill(grid()[r], ' ');
                        Arrays.fill(styles()[r], Style.DEFAULT);
                    }
                } else {
                    unknown++;
                }
            }
            case 'K' -> {
                for (int c = col; c < cols; c++) {
                    grid()[row][c] = ' ';
                    styles()[row][c] = Style.DEFAULT;
                }
            }
            case 'm' -> sgr(params);
            default -> unknown++;
        }
    }

    private static int clamp(int v, int max) {
        return Math.max(1, Math.min(max, v));
    }

    private void sgr(String params) {
        String[] p = params.isEmpty() ? new String[] {"0"} : params.split(";");
        Style s = style;
        for (int i = 0; i < p.length; i++) {
            int n = Integer.parseInt(p[i]);
            if (n == 0) {
                s = Style.DEFAULT;
            } else if (n == 1) {
                s = s.withBold();
            } else if (n == 4) {
                s = s.withUnderline();
            } else if (n == 7) {
                s = s.withReverse();
            } else if (n >= 30 && n <= 37) {
                s = s.fg(n - 30);
            } else if (n >= 90 && n <= 97) {
                s = s.fg(n - 90 + 8);
            } else if (n >= 40 && n <= 47) {
                s = s.bg(n - 40);
            } else if (n >= 100 && n <= 107) {
                s = s.bg(n - 100 + 8);
            } else if ((n == 38 || n == 48) && i + 2 < p.length && p[i + 1].equals("5")) {
                int c = Integer.parseInt(p[i + 2]);
                s = n == 38 ? s.fg(c) : s.bg(c);
                i += 2;
            } else if (n == 39) {
                s = s.fg(-1);
            } else if (n == 49) {
                s = s.bg(-1);
            } else {
                unknown++;
            }
        }
        style = s;
    }

    public synchronized int cols() {
        return cols;
    }

    public synchronized int rows() {
        return rows;
    }

    public synchronized String line(int r) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cols; c++) {
            b.appendCodePoint(grid()[r][c]);
        }
        return b.toString().stripTrailing();
    }

    public synchronized int codePoint(int r, int c) {
        return grid()[r][c];
    }

    public synchronized Style style(int r, int c) {
        return styles()[r][c];
    }

    public synchronized boolean mode(int mode) {
        return modes.contains(mode);
    }

    public synchronized boolean cursorVisible() {
        return cursorVisible;
    }

    public synchronized boolean alternate() {
        return onAlt;
    }

    public synchronized int unknown() {
        return unknown;
    }

    public synchronized long bytes() {
        return bytes;
    }
}
