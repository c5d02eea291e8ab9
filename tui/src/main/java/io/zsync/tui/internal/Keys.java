package io.zsync.tui.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The bytes a terminal (xterm-like) sends for a key, by name: what headless tests press. */
public final class Keys {
    private Keys() {
    }

    /** The bytes for {@code name}: see HeadlessTui.press. */
    public static byte[] encode(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a key name is empty; pass \"q\", \"enter\", \"ctrl+c\", …");
        }
        if (name.codePointCount(0, name.length()) == 1) {
            return name.getBytes(StandardCharsets.UTF_8);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int mods = 0;
        while (true) {
            if (lower.startsWith("ctrl+")) {
                mods |= 4;
                lower = lower.substring(5);
                name = name.substring(5);
            } else if (lower.startsWith("alt+")) {
                mods |= 2;
                lower = lower.substring(4);
                name = name.substring(4);
            } else if (lower.startsWith("shift+")) {
                mods |= 1;
                lower = lower.substring(6);
                name = name.substring(6);
            } else {
                break;
            }
        }
        String csiMod = mods == 0 ? "" : ";" + (mods + 1);
        String seq = switch (lower) {
            case "enter" -> "\r";
            case "tab" -> mods == 1 ? "\u001b[Z" : "\t";
            case "backspace" -> "\u007f";
            case "esc", "escape" -> "\u001b";
            case "space" -> " ";
            case "up" -> "\u001b[" + (mods == 0 ? "" : "1" + csiMod) + "A";
            case "down" -> "\u001b[" + (mods == 0 ? "" : "1" + csiMod) + "B";
            case "right" -> "\u001b[" + (mods == 0 ? "" : "1" + csiMod) + "C";
            case "left" -> "\u001b[" + (mods == 0 ? "" : "1" + csiMod) + "D";
            case "home" -> "\u001b[" + (mods == 0 ? "" : "1" + csiMod) + "H";
            case "end" -> "\u001b[" + (mods == 0 ? "" : "1" + csiMod) + "F";
            case "insert" -> "\u001b[2" + csiMod + "~";
            case "delete" -> "\u001b[3" + csiMod + "~";
            case "pgup" -> "\u001b[5" + csiMod + "~";
            case "pgdn" -> "\u001b[6" + csiMod + "~";
            case "f1" -> "\u001bOP";
            case "f2" -> "\u001bOQ";
            case "f3" -> "\u001bOR";
            case "f4" -> "\u001bOS";
            case "f5" -> "\u001b[15" + csiMod + "~";
            case "f6" -> "\u001b[17" + csiMod + "~";
            case "f7" -> "\u001b[18" + csiMod + "~";
            case "f8" -> "\u001b[19" + csiMod + "~";
            case "f9" -> "\u001b[20" + csiMod + "~";
            case "f10" -> "\u001b[21" + csiMod + "~";
            case "f11" -> "\u001b[23" + csiMod + "~";
            case "f12" -> "\u001b[24" + csiMod + "~";
            default -> null;
        };
        if (seq != null) {
            boolean named = !lower.equals("space");
            if (named && !seq.startsWith("\u001b[") && (mods & 2) != 0) {
                seq = "\u001b" + seq;
            }
            return seq.getBytes(StandardCharsets.UTF_8);
        }
        if (name.codePointCount(0, name.length()) == 1) {
            int cp = name.codePointAt(0);
            if ((mods & 4) != 0) {
                int c = Character.toLowerCase(cp);
                if (c >= 'a' && c <= 'z') {
                    byte b = (byte) (c - 'a' + 1);
                    return (mods & 2) != 0 ? new byte[] {0x1b, b} : new byte[] {b};
                }
                throw new IllegalArgumentException("ctrl+ takes a letter, not " + name);
            }
            String s = new String(Character.toChars(cp));
            return ((mods & 2) != 0 ? "\u001b" + s : s).getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("unknown key name \"" + name + "\": pass one character or enter, tab, "
                + "backspace, esc, space, up, down, left, right, home, end, insert, delete, pgup, pgdn, f1..f12, "
                + "with ctrl+, alt+ or shift+ before it");
    }
}
