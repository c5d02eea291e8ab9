package io.zsync.tui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zsync.tui.Event;
import io.zsync.tui.KeyCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal's bytes to events, whole and cut into pieces at every offset. */
class InputParserTest {
    private final List<Event> events = new ArrayList<>();
    private final InputParser parser = new InputParser(events::add);

    private List<Event> parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        parser.feed(b, b.length);
        parser.flush();
        return events;
    }

    private static Event.Key key(KeyCode code, int cp, int mods) {
        return new Event.Key(code, cp, mods);
    }

    private static Event.Key ch(int cp) {
        return key(KeyCode.CHAR, cp, 0);
    }

    @Test
    void charactersAndControls() {
        assertEquals(List.of(ch('a'), ch('é'), ch(0x1F600), key(KeyCode.ENTER, 0, 0), key(KeyCode.TAB, 0, 0),
                key(KeyCode.BACKSPACE, 0, 0), key(KeyCode.CHAR, 'a', Event.CTRL), new Event.Interrupt(),
                key(KeyCode.CHAR, 'z', Event.CTRL)), parse("aé😀\r\t\u007f\u0001\u0003\u001a"));
    }

    @Test
    void arrowsFunctionKeysAndModifiers() {
        assertEquals(List.of(key(KeyCode.UP, 0, 0), key(KeyCode.DOWN, 0, 0), key(KeyCode.RIGHT, 0, 0),
                key(KeyCode.LEFT, 0, 0), key(KeyCode.UP, 0, Event.CTRL), key(KeyCode.LEFT, 0, Event.SHIFT | Event.ALT),
                key(KeyCode.F1, 0, 0), key(KeyCode.F5, 0, 0), key(KeyCode.F12, 0, Event.CTRL),
                key(KeyCode.DELETE, 0, 0), key(KeyCode.PAGE_DOWN, 0, 0), key(KeyCode.HOME, 0, 0),
                key(KeyCode.END, 0, 0), key(KeyCode.UP, 0, 0), key(KeyCode.BACK_TAB, 0, 0)),
                parse("\u001b[A\u001b[B\u001b[C\u001b[D\u001b[1;5A\u001b[1;4D\u001bOP\u001b[15~\u001b[24;5~"
                        + "\u001b[3~\u001b[6~\u001b[H\u001b[F\u001bOA\u001b[Z"));
    }

    @Test
    void escapeAloneVersusAltKey() {
        assertEquals(List.of(key(KeyCode.ESCAPE, 0, 0)), parse("\u001b"));
        events.clear();
        assertEquals(List.of(key(KeyCode.CHAR, 'x', Event.ALT)), parse("\u001bx"));
        events.clear();
        assertEquals(List.of(key(KeyCode.ESCAPE, 0, 0), key(KeyCode.ESCAPE, 0, 0)), parse("\u001b\u001b"));
    }

    @Test
    void aLoneEscapeWaitsForTheTimeout() {
        parser.feed(new byte[] {0x1b}, 1);
        assertTrue(events.isEmpty(), "pending until more bytes or the timeout");
        assertTrue(parser.hasPending());
        parser.feed(new byte[] {'[', 'A'}, 2);
        assertEquals(List.of(key(KeyCode.UP, 0, 0)), events);
        assertFalse(parser.hasPending());
    }

    @Test
    void bracketedPasteIsOneEventWhateverItHolds() {
        assertEquals(List.of(new Event.Paste("a\u001b[Ab\r\nç"), ch('z')),
                parse("\u001b[200~a\u001b[Ab\r\nç\u001b[201~z"));
    }

    @Test
    void mouseAndFocus() {
        assertEquals(List.of(new Event.Mouse(Event.MouseAction.PRESS, 0, 9, 4, 0),
                new Event.Mouse(Event.MouseAction.RELEASE, 0, 9, 4, 0),
                new Event.Mouse(Event.MouseAction.WHEEL, 1, 0, 0, Event.CTRL),
                new Event.Mouse(Event.MouseAction.DRAG, 2, 1, 1, 0),
                new Event.Focus(true), new Event.Focus(false)),
                parse("\u001b[<0;10;5M\u001b[<0;10;5m\u001b[<81;1;1M\u001b[<34;2;2M\u001b[I\u001b[O"));
    }

    @Test
    void unknownSequencesAreDropped() {
        assertEquals(List.of(ch('a'), ch('b')), parse("a\u001b[99~\u001b[?1;2cb"));
    }

    @Test
    void anyCutGivesTheSameEvents() {
        String all = "aé😀\u001b[1;5A\u001bOP\u001b[15~\u001b[200~pa\u001b[Ast\u001b[201~\u001b[<0;10;5M\u001bx\u0003q";
        byte[] bytes = all.getBytes(StandardCharsets.UTF_8);
        List<Event> whole = new ArrayList<>(parse(all));
        for (int cut = 1; cut < bytes.length; cut++) {
            List<Event> got = new ArrayList<>();
            InputParser p = new InputParser(got::add);
            byte[] first = java.util.Arrays.copyOfRange(bytes, 0, cut);
            byte[] rest = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
            p.feed(first, first.length);   // no flush between: the rest came within the escape timeout
            p.feed(rest, rest.length);
            p.flush();
            assertEquals(whole, got, "cut at " + cut);
        }
    }
}
