package io.zsync.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * A small app for the tests: a counter moved by arrows, a log of the last events, a status line; {@code q} exits 0,
 * {@code x} throws, {@code p} posts a message to itself from a background task.
 */
class CounterApp implements TuiApp {
    int count;
    final List<String> events = new ArrayList<>();
    long ticks;
    String last = "";

    @Override
    public void handle(Event event, Ui ui) throws Exception {
        if (!ui.onUiTask()) {
            throw new AssertionError("handle off the UI task");
        }
        events.add(event.toString());
        switch (event) {
            case Event.Key k when k.is('q') -> ui.exit(0);
            case Event.Key k when k.is('x') -> throw new IllegalStateException("x pressed");
            case Event.Key k when k.is(KeyCode.UP) -> count++;
            case Event.Key k when k.is(KeyCode.DOWN) -> count--;
            case Event.Key k when k.is('p') -> ui.spawn(() -> "from a task", o -> o);
            case Event.Tick t -> ticks = t.count();
            case Event.Message<?> m -> last = String.valueOf(m.value());
            default -> {
            }
        }
    }

    @Override
    public void view(Canvas canvas) {
        canvas.put(0, 0, "count: " + count, Style.DEFAULT.withBold());
        canvas.put(1, 0, "ticks: " + ticks);
        canvas.put(2, 0, "last: " + last);
        canvas.put(canvas.rows() - 1, 0, "size " + canvas.cols() + "x" + canvas.rows(), Style.DEFAULT.withReverse());
    }
}
