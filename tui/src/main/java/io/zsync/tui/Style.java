package io.zsync.tui;

/**
 * How a cell is drawn: colours from the 256-colour palette (or the terminal's default, -1) and attributes.
 *
 * @param foreground 0–255, or -1 for the terminal's default
 * @param background 0–255, or -1 for the terminal's default
 * @param bold bold
 * @param underline underlined
 * @param reverse foreground and background swapped
 * @since 0.1
 */
public record Style(int foreground, int background, boolean bold, boolean underline, boolean reverse) {
    /** The terminal's default look. */
    public static final Style DEFAULT = new Style(-1, -1, false, false, false);

    /**
     * Checks the colours.
     *
     * @param foreground 0–255, or -1
     * @param background 0–255, or -1
     * @param bold bold
     * @param underline underlined
     * @param reverse reversed
     * @throws IllegalArgumentException if a colour is outside -1..255
     */
    public Style {
        if (foreground < -1 || foreground > 255 || background < -1 || background > 255) {
            throw new IllegalArgumentException("colours are 0..255 (the 256-colour palette) or -1 (the default) but "
                    + "were " + foreground + " and " + background);
        }
    }

    /**
     * This style with another foreground.
     *
     * @param color 0–255, or -1
     * @return a new style
     */
    public Style fg(int color) {
        return new Style(color, background, bold, underline, reverse);
    }

    /**
     * This style with another background.
     *
     * @param color 0–255, or -1
     * @return a new style
     */
    public Style bg(int color) {
        return new Style(foreground, color, bold, underline, reverse);
    }

    /**
     * This style, bold.
     *
     * @return a new style
     */
    public Style withBold() {
        return new Style(foreground, background, true, underline, reverse);
    }

    /**
     * This style, underlined.
     *
     * @return a new style
     */
    public Style withUnderline() {
        return new Style(foreground, background, bold, true, reverse);
    }

    /**
     * This style, reversed.
     *
     * @return a new style
     */
    public Style withReverse() {
        return new Style(foreground, background, bold, underline, true);
    }
}
