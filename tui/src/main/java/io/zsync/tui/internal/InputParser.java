package io.zsync.tui.internal;

import io.zsync.tui.Event;
import io.zsync.tui.KeyCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Turns the terminal's bytes into events: UTF-8 characters, control keys, CSI and SS3 sequences (arrows, Home/End,
 * Insert/Delete, page keys, F1–F12, with xterm's modifier parameter), bracketed paste, SGR mouse, focus, and Ctrl-C
 * as {@link Event.Interrupt}.
 *
 * <p>Bytes may come in any pieces: what does not yet form an event stays pending until more come. An escape byte
 * (or an unfinished sequence) with nothing after it stays pending too, until the reader decides that the escape
 * timeout has passed and calls {@link #flush()}: then a lone escape is the Escape key, and Escape followed by a
 * character is that character with Alt.
 *
 * <p>Not thread-safe: one reader feeds it (the input thread, or a headless test's thread).
 */
public final class InputParser {
    private static final int NEED_MORE = -1;
    private static final byte ESC = 0x1b;
    private static final byte[] PASTE_END = {ESC, '[', '2', '0', '1', '~'};

    private final Consumer<Event> sink;
    private byte[] pending = new byte[64];   // bytes not yet parsed, from 0
    private int length;                      // how many of `pending` hold bytes
    private ByteArrayOutputStream paste;     // the paste being collected, or null outside one

    /**
     * A parser that hands each event to {@code sink}.
     *
     * @param sink receives the events, in order, on the feeding thread
     */
    public InputParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    /** Parses {@code n} more bytes of {@code bytes}. */
    public void feed(byte[] bytes, int n) {
        if (length + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + n));
        }
        System.arraycopy(bytes, 0, pending, length, n);
        length += n;
        parse(false);
    }

    /** Whether bytes wait for more (an escape, an unfinished sequence or character); a paste does not count. */
    public boolean hasPending() {
        return length > 0 && paste == null;
    }

    /** The escape timeout passed: what is pending is taken as it is (a lone escape is the Escape key). */
    public void flush() {
        if (paste == null) {
            parse(true);
        }
    }

    private void parse(boolean final_) {
        int at = 0;
        while (at < length) {
            int used = paste != null ? pasteBytes(at) : token(at, final_);
            if (used == NEED_MORE) {
                break;
            }
            at += used;
        }
        System.arraycopy(pending, at, pending, 0, length - at);
        length -= at;
    }

    // ---- paste ----

    private int pasteBytes(int at) {
        for (int i = at; i < length; i++) {
            if (pending[i] == ESC) {
                int k = 0;
                while (k < PASTE_END.length && i + k < length && pending[i + k] == PASTE_END[k]) {
                    k++;
                }
                if (k == PASTE_END.length) {
                    paste.write(pending, at, i - at);
                    String text = paste.toString(StandardCharsets.UTF_8);
                    paste = null;
                    sink.accept(new Event.Paste(text));
                    return i + k - at;
                }
                if (i + k == length) {   // maybe the end marker, cut: keep it for the next bytes
                    paste.write(pending, at, i - at);
                    return i - at == 0 ? NEED_MORE : i - at;
                }
            }
        }
        paste.write(pending, at, length - at);
        return length - at;
    }

    // ---- one token ----

    private int token(int at, boolean final_) {
        int b = pending[at] & 0xff;
        if (b == ESC) {
            return escape(at, final_);
        }
        if (b < 0x20 || b == 0x7f) {
            sink.accept(control(b, 0));
            return 1;
        }
        return character(at, 0, final_);
    }

    private static Event control(int b, int modifiers) {
        return switch (b) {
            case 0x03 -> modifiers == 0 ? new Event.Interrupt() : key(KeyCode.CHAR, 'c', modifiers | Event.CTRL);
            case 0x0d, 0x0a -> key(KeyCode.ENTER, 0, modifiers);
            case 0x09 -> key(KeyCode.TAB, 0, modifiers);
            case 0x7f, 0x08 -> key(KeyCode.BACKSPACE, 0, modifiers);
            case 0x00 -> key(KeyCode.CHAR, ' ', modifiers | Event.CTRL);
            default -> b < 0x1b ? key(KeyCode.CHAR, 'a' + b - 1, modifiers | Event.CTRL)
                    : key(KeyCode.CHAR, b + 0x40, modifiers | Event.CTRL);   // 0x1c..0x1f: Ctrl+\ ] ^ _
        };
    }

    private static Event.Key key(KeyCode code, int codePoint, int modifiers) {
        return new Event.Key(code, codePoint, modifiers);
    }

    /** A UTF-8 character at {@code at}; an invalid byte is U+FFFD. */
    private int character(int at, int modifiers, boolean final_) {
        int b = pending[at] & 0xff;
        int n = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
        if (n == 0) {
            sink.accept(key(KeyCode.CHAR, 0xfffd, modifiers));
            return 1;
        }
        if (at + n > length) {
            if (!final_) {
                return NEED_MORE;
            }
            sink.accept(key(KeyCode.CHAR, 0xfffd, modifiers));
            return length - at;
        }
        String s = new String(pending, at, n, StandardCharsets.UTF_8);
        sink.accept(key(KeyCode.CHAR, s.codePointAt(0), modifiers));
        return n;
    }

    private int escape(int at, boolean final_) {
        if (at + 1 >= length) {
            if (!final_) {
                return NEED_MORE;
            }
            sink.accept(key(KeyCode.ESCAPE, 0, 0));
            return 1;
        }
        int next = pending[at + 1] & 0xff;
        if (next == '[') {
            int used = csi(at + 2);
            if (used != NEED_MORE) {
                return used + 2;
            }
            if (!final_) {
                return NEED_MORE;
            }
        } else if (next == 'O') {
            if (at + 2 < length) {
                Event e = ss3(pending[at + 2] & 0xff);
                if (e != null) {
                    sink.accept(e);
                    return 3;
                }
            } else if (!final_) {
                return NEED_MORE;
            }
        } else if (next == ESC) {
            sink.accept(key(KeyCode.ESCAPE, 0, 0));
            return 1;
        } else if (next < 0x20 || next == 0x7f) {
            sink.accept(control(next, Event.ALT));
            return 2;
        } else {
            int used = character(at + 1, Event.ALT, final_);
            return used == NEED_MORE ? NEED_MORE : used + 1;
        }
        // a cut or unknown sequence after the timeout: Alt + its first character
        if (next == '[' || next == 'O') {
            sink.accept(key(KeyCode.CHAR, next, Event.ALT));
            return 2;
        }
        sink.accept(key(KeyCode.ESCAPE, 0, 0));
        return 1;
    }

    private static Event.Key ss3(int f) {
        return switch (f) {
            case 'A' -> key(KeyCode.UP, 0, 0);
            case 'B' -> key(KeyCode.DOWN, 0, 0);
            case 'C' -> key(KeyCode.RIGHT, 0, 0);
            case 'D' -> key(KeyCode.LEFT, 0, 0);
            case 'H' -> key(KeyCode.HOME, 0, 0);
            case 'F' -> key(KeyCode.END, 0, 0);
            case 'P' -> key(KeyCode.F1, 0, 0);
            case 'Q' -> key(KeyCode.F2, 0, 0);
            case 'R' -> key(KeyCode.F3, 0, 0);
            case 'S' -> key(KeyCode.F4, 0, 0);
            default -> null;
        };
    }

    /** A CSI sequence whose parameters start at {@code at}: the bytes used after "ESC [", or NEED_MORE. */
    private int csi(int at) {
        int i = at;
        while (i < length && (pending[i] & 0xff) >= 0x20 && (pending[i] & 0xff) < 0x40) {
            i++;
        }
        if (i >= length) {
            return NEED_MORE;
        }
        int fin = pending[i] & 0xff;
        String params = new String(pending, at, i - at, StandardCharsets.US_ASCII);
        int used = i + 1 - at;
        if (fin < 0x40 || fin > 0x7e) {
            return used;   // malformed: dropped
        }
        if (params.startsWith("<") && (fin == 'M' || fin == 'm')) {
            Event e = mouse(params.substring(1), fin == 'M');
            if (e != null) {
                sink.accept(e);
            }
            return used;
        }
        int[] p = numbers(params);
        int first = p.length > 0 ? p[0] : 0;
        int mods = p.length > 1 && p[1] > 1 ? (p[1] - 1) & 7 : 0;
        Event e = switch (fin) {
            case 'A' -> key(KeyCode.UP, 0, mods);
            case 'B' -> key(KeyCode.DOWN, 0, mods);
            case 'C' -> key(KeyCode.RIGHT, 0, mods);
            case 'D' -> key(KeyCode.LEFT, 0, mods);
            case 'H' -> key(KeyCode.HOME, 0, mods);
            case 'F' -> key(KeyCode.END, 0, mods);
            case 'P' -> key(KeyCode.F1, 0, mods);
            case 'Q' -> key(KeyCode.F2, 0, mods);
            case 'R' -> key(KeyCode.F3, 0, mods);
            case 'S' -> key(KeyCode.F4, 0, mods);
            case 'Z' -> key(KeyCode.BACK_TAB, 0, mods);
            case 'I' -> params.isEmpty() ? new Event.Focus(true) : null;
            case 'O' -> params.isEmpty() ? new Event.Focus(false) : null;
            case '~' -> tilde(first, mods);
            default -> null;
        };
        if (fin == '~' && first == 200) {
            paste = new ByteArrayOutputStream();
            return used;
        }
        if (e != null) {
            sink.accept(e);
        }
        return used;
    }

    private static Event.Key tilde(int n, int mods) {
        KeyCode code = switch (n) {
            case 1, 7 -> KeyCode.HOME;
            case 2 -> KeyCode.INSERT;
            case 3 -> KeyCode.DELETE;
            case 4, 8 -> KeyCode.END;
            case 5 -> KeyCode.PAGE_UP;
            case 6 -> KeyCode.PAGE_DOWN;
            case 11 -> KeyCode.F1;
            case 12 -> KeyCode.F2;
            case 13 -> KeyCode.F3;
            case 14 -> KeyCode.F4;
            case 15 -> KeyCode.F5;
            case 17 -> KeyCode.F6;
            case 18 -> KeyCode.F7;
            case 19 -> KeyCode.F8;
            case 20 -> KeyCode.F9;
            case 21 -> KeyCode.F10;
            case 23 -> KeyCode.F11;
            case 24 -> KeyCode.F12;
            default -> null;
        };
        return code == null ? null : key(code, 0, mods);
    }

    private static Event mouse(String params, boolean press) {
        int[] p = numbers(params);
        if (p.length != 3) {
            return null;
        }
        int b = p[0];
        int mods = ((b & 4) != 0 ? Event.SHIFT : 0) | ((b & 8) != 0 ? Event.ALT : 0)
                | ((b & 16) != 0 ? Event.CTRL : 0);
        Event.MouseAction action;
        if ((b & 64) != 0) {
            action = Event.MouseAction.WHEEL;
        } else if ((b & 32) != 0) {
            action = (b & 3) == 3 ? Event.MouseAction.MOVE : Event.MouseAction.DRAG;
        } else {
            action = press ? Event.MouseAction.PRESS : Event.MouseAction.RELEASE;
        }
        return new Event.Mouse(action, b & 3, p[1] - 1, p[2] - 1, mods);
    }

    private static int[] numbers(String params) {
        if (params.isEmpty()) {
            return new int[0];
        }
        String[] parts = params.split(";", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                out[i] = 0;   // private parameters (?, >, =) are not ours
            }
        }
        return out;
    }
}
