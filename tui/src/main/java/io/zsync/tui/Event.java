package io.zsync.tui;

import java.util.Objects;

/**
 * What the event loop hands a {@link TuiApp}: input from the terminal, a new size, a tick, the interrupt key, or a
 * message from background work. Events are immutable.
 *
 * @since 0.1
 */
public sealed interface Event {
    /** Modifier bit: Shift. */
    int SHIFT = 1;
    /** Modifier bit: Alt (or Meta: an escape byte before the key). */
    int ALT = 2;
    /** Modifier bit: Ctrl. */
    int CTRL = 4;

    /**
     * A key press.
     *
     * @param code which key
     * @param codePoint the character for {@link KeyCode#CHAR} (for Ctrl+letter the lower-case letter), else 0
     * @param modifiers a bit set of {@link #SHIFT}, {@link #ALT} and {@link #CTRL}
     */
    record Key(KeyCode code, int codePoint, int modifiers) implements Event {
        /**
         * Checks the code.
         *
         * @param code which key
         * @param codePoint the character, or 0
         * @param modifiers the modifier bits
         * @throws NullPointerException if {@code code} is null
         */
        public Key {
            Objects.requireNonNull(code, "code");
        }

        /**
         * Whether this is the character {@code c} typed without Ctrl or Alt.
         *
         * @param c a character
         * @return true for a plain press of {@code c}
         */
        public boolean is(char c) {
            return code == KeyCode.CHAR && codePoint == c && (modifiers & (CTRL | ALT)) == 0;
        }

        /**
         * Whether this is the named key {@code k} without modifiers.
         *
         * @param k a key code
         * @return true for a plain press of {@code k}
         */
        public boolean is(KeyCode k) {
            return code == k && modifiers == 0;
        }

        /**
         * Whether Ctrl was held.
         *
         * @return true if {@link #CTRL} is set
         */
        public boolean ctrl() {
            return (modifiers & CTRL) != 0;
        }

        /**
         * Whether Alt was held.
         *
         * @return true if {@link #ALT} is set
         */
        public boolean alt() {
            return (modifiers & ALT) != 0;
        }
    }

    /**
     * Text pasted while bracketed paste is on ({@link TuiConfig.Builder#bracketedPaste}): one event, however long.
     *
     * @param text what was pasted
     */
    record Paste(String text) implements Event {
    }

    /**
     * A mouse event (only with {@link TuiConfig.Builder#mouse}), SGR-encoded by the terminal.
     *
     * @param action press, release, drag, move or wheel
     * @param button 0 left, 1 middle, 2 right (for the wheel: 0 up, 1 down)
     * @param col the column, from 0
     * @param row the row, from 0
     * @param modifiers a bit set of {@link #SHIFT}, {@link #ALT} and {@link #CTRL}
     */
    record Mouse(MouseAction action, int button, int col, int row, int modifiers) implements Event {
    }

    /** What a {@link Mouse} event did. */
    enum MouseAction {
        /** A button went down. */
        PRESS,
        /** A button went up. */
        RELEASE,
        /** The mouse moved with a button down. */
        DRAG,
        /** The mouse moved with no button down. */
        MOVE,
        /** The wheel turned. */
        WHEEL
    }

    /**
     * The terminal gained or lost focus (only with {@link TuiConfig.Builder#focus}).
     *
     * @param gained true when gained
     */
    record Focus(boolean gained) implements Event {
    }

    /**
     * The terminal's new size. A burst of resizes arrives as one event with the last size; the next frame repaints
     * the whole screen.
     *
     * @param cols columns
     * @param rows rows
     */
    record Resize(int cols, int rows) implements Event {
    }

    /**
     * A tick of the ticker ({@link TuiConfig.Builder#tick}). Ticks missed while the app was busy are skipped, never
     * delivered in a burst.
     *
     * @param count how many ticks were delivered before this one, plus one
     */
    record Tick(long count) implements Event {
    }

    /**
     * The interrupt key, Ctrl-C, which reaches the program as a byte in raw mode, not as SIGINT. By default the loop
     * ends with status 130 and the app never sees it ({@link TuiConfig.Builder#exitOnInterrupt}).
     */
    record Interrupt() implements Event {
    }

    /**
     * A message from background work: {@link Ui#post}, {@link Ui#offerLatest}, {@link Ui#spawn}, or an element of a
     * channel the loop listens to ({@link TuiConfig.Builder#listen}).
     *
     * @param value the message
     * @param <T> its type
     */
    record Message<T>(T value) implements Event {
    }
}
