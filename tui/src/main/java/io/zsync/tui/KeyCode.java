package io.zsync.tui;

/**
 * What a {@link Event.Key} is: a character ({@link #CHAR}, with its code point in the event) or a named key.
 *
 * @since 0.1
 */
public enum KeyCode {
    /** A character key: the event's {@code codePoint} says which (Ctrl+letter: the letter, with {@code CTRL}). */
    CHAR,
    /** Enter (carriage return). */
    ENTER,
    /** Tab. */
    TAB,
    /** Shift+Tab. */
    BACK_TAB,
    /** Backspace. */
    BACKSPACE,
    /** Escape, alone: an escape byte not followed by more input within the escape timeout. */
    ESCAPE,
    /** Arrow up. */
    UP,
    /** Arrow down. */
    DOWN,
    /** Arrow left. */
    LEFT,
    /** Arrow right. */
    RIGHT,
    /** Home. */
    HOME,
    /** End. */
    END,
    /** Page up. */
    PAGE_UP,
    /** Page down. */
    PAGE_DOWN,
    /** Insert. */
    INSERT,
    /** Delete (forward). */
    DELETE,
    /** F1. */
    F1,
    /** F2. */
    F2,
    /** F3. */
    F3,
    /** F4. */
    F4,
    /** F5. */
    F5,
    /** F6. */
    F6,
    /** F7. */
    F7,
    /** F8. */
    F8,
    /** F9. */
    F9,
    /** F10. */
    F10,
    /** F11. */
    F11,
    /** F12. */
    F12
}
