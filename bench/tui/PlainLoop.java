import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * The reference for bench/tui: a hand-written JLine loop, as one would write it without zsync. A platform thread
 * blocks in read() on the terminal's input; a render thread draws with JLine's Display, coalescing to at most 60
 * frames a second (the first change after idle at once); 'f' starts a producer of 100,000 updates a second, 'g'
 * measures the heap after GC, 'q' quits. The screen is the same as ZsyncLoop's, so one harness reads both.
 */
public final class PlainLoop {
    private static final long FRAME_NANOS = 1_000_000_000L / 60;

    private final Terminal terminal;
    private final Display display;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean dirty;                     // guarded by lock
    private boolean quit;                      // guarded by lock
    private char lastKey = ' ';                // guarded by lock
    private long keys;                         // guarded by lock
    private long heapKiB;                      // guarded by lock
    private final AtomicLong produced = new AtomicLong();
    private long frames;                       // render thread only

    private PlainLoop(Terminal terminal) {
        this.terminal = terminal;
        this.display = new Display(terminal, true);
        display.resize(terminal.getHeight(), terminal.getWidth());
    }

    public static void main(String[] args) throws Exception {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        Attributes before = terminal.getAttributes();
        Attributes raw = new Attributes(before);
        raw.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO,
                Attributes.LocalFlag.ISIG, Attributes.LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(Attributes.InputFlag.IXON, Attributes.InputFlag.ICRNL), false);
        raw.setControlChar(Attributes.ControlChar.VMIN, 1);
        raw.setControlChar(Attributes.ControlChar.VTIME, 0);
        terminal.setAttributes(raw);
        terminal.writer().print("\u001b[?1049h\u001b[?25l");
        terminal.flush();
        PlainLoop loop = new PlainLoop(terminal);
        try {
            loop.run();
        } finally {
            terminal.writer().print("\u001b[?25h\u001b[?1049l");
            terminal.flush();
            terminal.setAttributes(before);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Thread reader = Thread.ofPlatform().daemon().name("reader").start(this::read);
        mark();
        lock.lock();
        try {
            long lastFrame = System.nanoTime() - FRAME_NANOS;
            while (true) {
                while (!dirty && !quit) {
                    changed.await();
                }
                if (quit) {
                    return;
                }
                long wait = lastFrame + FRAME_NANOS - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);   // coalesce: changes meanwhile are drawn by this frame
                    continue;
                }
                dirty = false;
                List<AttributedString> lines = List.of(
                        new AttributedString("ready"),
                        new AttributedString(String.format("key %c #%06d", lastKey, keys)),
                        new AttributedString(String.format("produced %012d", produced.get())),
                        new AttributedString(String.format("frames   %012d", ++frames)),
                        new AttributedString(String.format("heap     %09d KiB", heapKiB)));
                lastFrame = System.nanoTime();
                lock.unlock();
                try {
                    display.update(lines, 0);
                    terminal.flush();
                } finally {
                    lock.lock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void mark() {
        lock.lock();
        try {
            dirty = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void read() {
        InputStream in = terminal.input();
        try {
            int c;
            while ((c = in.read()) >= 0) {
                if (c == 'q') {
                    lock.lock();
                    try {
                        quit = true;
                        changed.signal();
                    } finally {
                        lock.unlock();
                    }
                    return;
                }
                if (c == 'f') {
                    Thread.ofPlatform().daemon().name("producer").start(this::flood);
                } else if (c == 'g') {
                    long kib = heapAfterGc();
                    lock.lock();
                    try {
                        heapKiB = kib;
                    } finally {
                        lock.unlock();
                    }
                } else {
                    lock.lock();
                    try {
                        lastKey = (char) c;
                        keys++;
                    } finally {
                        lock.unlock();
                    }
                }
                mark();
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** 100,000 updates a second: 100 each millisecond, paced against the clock. */
    private void flood() {
        long start = System.nanoTime();
        for (long n = 1; ; n++) {
            produced.incrementAndGet();
            mark();
            if (n % 100 == 0) {
                long wait = start + n * 10_000L - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
        }
    }

    static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }
}
