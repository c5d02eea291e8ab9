import io.zsync.Zsync;
import io.zsync.tui.Canvas;
import io.zsync.tui.Event;
import io.zsync.tui.Tui;
import io.zsync.tui.TuiApp;
import io.zsync.tui.TuiConfig;
import io.zsync.tui.Ui;
import java.util.concurrent.atomic.AtomicLong;

/**
 * zsync-tui's side of bench/tui: the screen of PlainLoop, drawn by Tui.run (60 fps, coalescing, synchronized output).
 * 'f' starts a task producing 100,000 updates a second through Ui.offerLatest, 'g' measures the heap after GC, 'q'
 * quits.
 */
public final class ZsyncLoop implements TuiApp {
    private final AtomicLong produced = new AtomicLong();
    private char lastKey = ' ';
    private long keys;
    private long latest;
    private long heapKiB;
    private long frames;
    private boolean flooding;

    public static void main(String[] args) throws Exception {
        System.exit(Zsync.run(() -> Tui.run(TuiConfig.defaults(), new ZsyncLoop())));
    }

    @Override
    public void handle(Event event, Ui ui) {
        switch (event) {
            case Event.Key k when k.is('q') -> ui.exit(0);
            case Event.Key k when k.is('f') && !flooding -> {
                flooding = true;
                Zsync.spawn("producer", () -> flood(ui));
            }
            case Event.Key k when k.is('g') -> heapKiB = PlainLoopHeap.heapAfterGc();
            case Event.Key k when k.codePoint() > 0 -> {
                lastKey = (char) k.codePoint();
                keys++;
            }
            case Event.Message<?>(Long n) -> latest = n;
            default -> {
            }
        }
        frames = ui.stats().frames();
    }

    private void flood(Ui ui) throws InterruptedException {
        long start = System.nanoTime();
        for (long n = 1; ; n++) {
            ui.offerLatest("n", produced.incrementAndGet());
            if (n % 100 == 0) {
                long wait = start + n * 10_000L - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    @Override
    public void view(Canvas canvas) {
        canvas.put(0, 0, "ready");
        canvas.put(1, 0, String.format("key %c #%06d", lastKey, keys));
        canvas.put(2, 0, String.format("produced %012d", produced.get()));
        canvas.put(3, 0, String.format("frames   %012d", frames + 1));
        canvas.put(4, 0, String.format("heap     %09d KiB", heapKiB));
    }

    /** The heap after GC, as PlainLoop measures it. */
    static final class PlainLoopHeap {
        static long heapAfterGc() {
            Runtime rt = Runtime.getRuntime();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return (rt.totalMemory() - rt.freeMemory()) / 1024;
        }
    }
}
