package io.zsync.samples.tui;

import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelSnapshot;
import io.zsync.tui.Canvas;
import io.zsync.tui.Event;
import io.zsync.tui.KeyCode;
import io.zsync.tui.RenderStats;
import io.zsync.tui.Style;
import io.zsync.tui.Tui;
import io.zsync.tui.TuiApp;
import io.zsync.tui.TuiConfig;
import io.zsync.tui.Ui;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A live task monitor: the runtime's tasks (name, state, age, from {@link ZsyncRuntime#tasks()}) and channels
 * (size/capacity, send and receive rates, from {@link ZsyncRuntime#channels()}: a rate is the difference between two
 * snapshots' cumulative counts), refreshed by a 250 ms ticker. Keys: arrows select, {@code c}
 * cancels the selected task, {@code s} spawns a worker, {@code f} toggles a flood of 100,000 updates a second
 * through {@link Ui#offerLatest}, {@code x} throws, {@code q} quits. The status line shows frames per second, frames,
 * coalesced updates and the last input-to-flush latency, measured in-process.
 *
 * <p>Run it on a terminal with the module path from {@code dependency:build-classpath} (see README, "Terminal UI"):
 * {@code exec:exec} hands its child pipes, not the terminal.
 */
public final class TaskMonitor implements TuiApp {
    private static final Duration REFRESH = Duration.ofMillis(250);

    /** Channel rows shown at most; the rest are counted on the header line. */
    private static final int CHANNEL_ROWS = 5;

    private record Row(Task<?> task, String name, String state, long ageMillis) {
    }

    /** A channel now, with rates from the previous snapshot (NaN for a channel that counts nothing, or new). */
    private record ChannelRow(ChannelSnapshot now, double sendRate, double receiveRate) {
    }

    /** The flood's latest count, offered 100,000 times a second under one key. */
    private record Flood(long count) {
    }

    private final Map<Task<?>, Long> firstSeen = new IdentityHashMap<>();   // ages: the runtime keeps no start time
    private List<Row> rows = List.of();
    private int selected;
    private int workers;
    private long ticks;
    private String notice = "";
    private ZsyncRuntime runtime;
    private Map<Long, ChannelSnapshot> lastChannels = Map.of();   // by id: the previous tick's snapshot
    private List<ChannelRow> channels = List.of();
    private Task<?> flood;
    private long floodCount;
    private long floodAtLastTick;
    private double floodRate;
    private long framesAtLastTick;
    private double fps;
    private RenderStats stats = new RenderStats(0, 0, 0, 0, 0, 0);

    /**
     * Runs the monitor on the terminal.
     *
     * @param args none
     * @throws Exception if the monitor fails (after the terminal is restored)
     */
    public static void main(String[] args) throws Exception {
        int status = Zsync.run(() -> {
            Zsync.currentRuntime().orElseThrow().channels();   // starts tracking, before the TUI makes its channels
            return Tui.run(config(), new TaskMonitor());
        });
        System.exit(status);
    }

    /** The monitor's configuration: a 250 ms ticker for the refresh. */
    public static TuiConfig config() {
        return TuiConfig.builder().tick(REFRESH).build();
    }

    @Override
    public void start(Ui ui) {
        runtime = Zsync.currentRuntime().orElseThrow();
        runtime.channels();   // starts tracking (if main has not): channels made from now on are listed
        Channel<Integer> queue = Zsync.bounded("jobs", 64);   // listed while the producer or consumer holds it
        Zsync.spawn("producer", () -> {
            for (int i = 0; ; i++) {
                queue.send(i);
                Zsync.sleep(Duration.ofMillis(5));
            }
        });
        Zsync.spawn("consumer", () -> {
            for (Integer job : queue) {
                Zsync.sleep(Duration.ofMillis(job % 2 == 0 ? 4 : 8));
            }
        });
        for (int i = 0; i < 3; i++) {
            spawnWorker();
        }
        refresh();
    }

    private void spawnWorker() {
        int n = ++workers;
        Zsync.spawn("worker-" + n, () -> Zsync.sleep(Duration.ofHours(1)));
    }

    @Override
    public void handle(Event event, Ui ui) throws Exception {
        switch (event) {
            case Event.Key k when k.is('q') -> ui.exit(0);
            case Event.Key k when k.is('x') -> throw new IllegalStateException("x pressed: the monitor fails on purpose");
            case Event.Key k when k.is(KeyCode.UP) -> selected = Math.max(0, selected - 1);
            case Event.Key k when k.is(KeyCode.DOWN) -> selected = Math.min(Math.max(0, rows.size() - 1), selected + 1);
            case Event.Key k when k.is('c') -> cancelSelected();
            case Event.Key k when k.is('s') -> {
                spawnWorker();
                refresh();
            }
            case Event.Key k when k.is('f') -> toggleFlood(ui);
            case Event.Tick t -> {
                ticks = t.count();
                stats = ui.stats();
                double seconds = REFRESH.toNanos() / 1e9;
                fps = (stats.frames() - framesAtLastTick) / seconds;
                framesAtLastTick = stats.frames();
                floodRate = (floodCount - floodAtLastTick) / seconds;
                floodAtLastTick = floodCount;
                refreshChannels(seconds);
                refresh();
            }
            case Event.Message<?>(Flood f) -> floodCount = f.count();
            default -> {
            }
        }
        stats = ui.stats();
    }

    private void cancelSelected() {
        if (selected < rows.size()) {
            Row row = rows.get(selected);
            row.task().cancel();
            notice = "cancelled " + row.name();
            refresh();
        }
    }

    private void toggleFlood(Ui ui) {
        if (flood != null) {
            flood.cancel();
            flood = null;
            notice = "flood off";
            return;
        }
        notice = "flood on: 100,000 updates/s";
        flood = Zsync.spawn("flood", () -> {
            long count = 0;
            long start = System.nanoTime();
            while (true) {
                for (int i = 0; i < 1000; i++) {   // 1,000 updates per millisecond, paced below
                    ui.offerLatest("flood", new Flood(++count));
                }
                long due = start + count * 10_000L;   // 10 µs per update: 100,000 a second
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        });
    }

    /** Reads the runtime's channels and each one's rates since the previous tick's snapshot. */
    private void refreshChannels(double seconds) {
        Map<Long, ChannelSnapshot> next = new HashMap<>();
        List<ChannelRow> rows = new ArrayList<>();
        for (ChannelSnapshot now : runtime.channels()) {
            next.put(now.id(), now);
            ChannelSnapshot before = lastChannels.get(now.id());
            rows.add(new ChannelRow(now, rate(before == null ? -1 : before.sent(), now.sent(), seconds),
                    rate(before == null ? -1 : before.received(), now.received(), seconds)));
        }
        rows.sort(Comparator.comparing((ChannelRow c) -> c.now().name()));
        lastChannels = next;
        channels = rows;
    }

    /** Per second, from two cumulative counts; NaN if either is unknown (a rendezvous channel, or no earlier one). */
    private static double rate(long before, long now, double seconds) {
        return before < 0 || now < 0 ? Double.NaN : (now - before) / seconds;
    }

    private void refresh() {
        long now = System.nanoTime();
        List<Row> next = new ArrayList<>();
        for (Task<?> t : runtime.tasks()) {
            long seen = firstSeen.computeIfAbsent(t, k -> now);
            next.add(new Row(t, t.name(), t.isDone() ? t.state().toString() : "RUNNING", (now - seen) / 1_000_000));
        }
        firstSeen.keySet().retainAll(next.stream().map(Row::task).toList());
        next.sort(Comparator.comparing(Row::name));
        rows = next;
        selected = Math.min(selected, Math.max(0, rows.size() - 1));
    }

    private static String perSecond(double rate) {
        return Double.isNaN(rate) ? "-" : String.format("%.0f", rate);
    }

    @Override
    public void view(Canvas canvas) {
        Style title = Style.DEFAULT.withBold();
        canvas.put(0, 0, "zsync task monitor   ↑/↓ select  c cancel  s spawn  f flood  x fail  q quit", title);
        canvas.put(2, 0, String.format("%-24s %-10s %10s", "TASK", "STATE", "AGE (s)"), Style.DEFAULT.withUnderline());
        int r = 3;
        int shown = Math.min(CHANNEL_ROWS, channels.size());
        int listRows = Math.max(1, canvas.rows() - 10 - shown);
        int first = Math.max(0, selected - listRows + 1);
        for (int i = first; i < rows.size() && r < 3 + listRows; i++, r++) {
            Row row = rows.get(i);
            canvas.put(r, 0, String.format("%-24s %-10s %10.1f", row.name(), row.state(), row.ageMillis() / 1000.0));
            if (i == selected) {
                canvas.style(r, 0, canvas.cols(), Style.DEFAULT.withReverse());
            }
        }
        int h = canvas.rows() - 6 - shown;
        canvas.put(h, 0, String.format("%-24s %-10s %13s %10s %10s%s", "CHANNEL", "KIND", "SIZE/CAP", "SENT/s",
                "RECV/s", channels.size() > shown ? "   +" + (channels.size() - shown) + " more" : ""),
                Style.DEFAULT.withUnderline());
        for (int i = 0; i < shown; i++) {
            ChannelSnapshot now = channels.get(i).now();
            String capacity = now.capacity() == Integer.MAX_VALUE ? "∞" : Integer.toString(now.capacity());
            canvas.put(h + 1 + i, 0, String.format("%-24s %-10s %13s %10s %10s%s", now.name(),
                    now.kind().toString().toLowerCase(Locale.ROOT), now.size() + "/" + capacity,
                    perSecond(channels.get(i).sendRate()), perSecond(channels.get(i).receiveRate()),
                    now.closed() ? "  closed" : ""));
        }
        int c = canvas.rows() - 4;
        canvas.put(c, 0, String.format("flood: %s   latest %d   %.0f updates/s", flood != null ? "on" : "off",
                floodCount, floodRate));
        canvas.put(c + 1, 0, notice);
        canvas.put(canvas.rows() - 1, 0, String.format(
                "fps %.0f  frames %d  coalesced %d  replaced %d  input→flush %.2f ms  tasks %d  tick %d",
                fps, stats.frames(), stats.coalescedUpdates(), stats.replacedMessages(),
                stats.inputToFlushNanos() / 1e6, rows.size(), ticks), Style.DEFAULT.withReverse());
    }
}
