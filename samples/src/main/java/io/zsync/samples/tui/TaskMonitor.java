package io.zsync.samples.tui;

import io.zsync.Task;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live task monitor: the runtime's tasks (name, state, age, from {@link ZsyncRuntime#tasks()}) and the sample's
 * channel (size/capacity, send and receive rates), refreshed by a 250 ms ticker. Keys: arrows select, {@code c}
 * cancels the selected task, {@code s} spawns a worker, {@code f} toggles a flood of 100,000 updates a second
 * through {@link Ui#offerLatest}, {@code x} throws, {@code q} quits. The status line shows frames per second, frames,
 * coalesced updates and the last input-to-flush latency, measured in-process.
 *
 * <p>Run it on a terminal with the module path from {@code dependency:build-classpath} (see README, "Terminal UI"):
 * {@code exec:exec} hands its child pipes, not the terminal.
 */
public final class TaskMonitor implements TuiApp {
    private static final Duration REFRESH = Duration.ofMillis(250);

    private record Row(Task<?> task, String name, String state, long ageMillis) {
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
    private Channel<Integer> jobs;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private long lastSent;
    private long lastReceived;
    private double sendRate;
    private double receiveRate;
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
        int status = Zsync.run(() -> Tui.run(config(), new TaskMonitor()));
        System.exit(status);
    }

    /** The monitor's configuration: a 250 ms ticker for the refresh. */
    public static TuiConfig config() {
        return TuiConfig.builder().tick(REFRESH).build();
    }

    @Override
    public void start(Ui ui) {
        runtime = Zsync.currentRuntime().orElseThrow();
        jobs = Zsync.bounded(64);
        Zsync.spawn("producer", () -> {
            for (int i = 0; ; i++) {
                jobs.send(i);
                sent.incrementAndGet();
                Zsync.sleep(Duration.ofMillis(5));
            }
        });
        Zsync.spawn("consumer", () -> {
            for (Integer job : jobs) {
                received.incrementAndGet();
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
                long s = sent.get();
                long r = received.get();
                sendRate = (s - lastSent) / seconds;
                receiveRate = (r - lastReceived) / seconds;
                lastSent = s;
                lastReceived = r;
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

    @Override
    public void view(Canvas canvas) {
        Style title = Style.DEFAULT.withBold();
        canvas.put(0, 0, "zsync task monitor   ↑/↓ select  c cancel  s spawn  f flood  x fail  q quit", title);
        canvas.put(2, 0, String.format("%-24s %-10s %10s", "TASK", "STATE", "AGE (s)"), Style.DEFAULT.withUnderline());
        int r = 3;
        int listRows = Math.max(1, canvas.rows() - 9);
        int first = Math.max(0, selected - listRows + 1);
        for (int i = first; i < rows.size() && r < 3 + listRows; i++, r++) {
            Row row = rows.get(i);
            canvas.put(r, 0, String.format("%-24s %-10s %10.1f", row.name(), row.state(), row.ageMillis() / 1000.0));
            if (i == selected) {
                canvas.style(r, 0, canvas.cols(), Style.DEFAULT.withReverse());
            }
        }
        int c = canvas.rows() - 5;
        canvas.put(c, 0, String.format("channel jobs: %d/%d   sent %.0f/s   received %.0f/s", jobs.size(),
                jobs.capacity(), sendRate, receiveRate));
        canvas.put(c + 1, 0, String.format("flood: %s   latest %d   %.0f updates/s", flood != null ? "on" : "off",
                floodCount, floodRate));
        canvas.put(c + 2, 0, notice);
        canvas.put(canvas.rows() - 1, 0, String.format(
                "fps %.0f  frames %d  coalesced %d  replaced %d  input→flush %.2f ms  tasks %d  tick %d",
                fps, stats.frames(), stats.coalescedUpdates(), stats.replacedMessages(),
                stats.inputToFlushNanos() / 1e6, rows.size(), ticks), Style.DEFAULT.withReverse());
    }
}
