package io.zsync.tui.internal;

import io.zsync.ManualClock;
import io.zsync.Outcome;
import io.zsync.Select;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.tui.Canvas;
import io.zsync.tui.Event;
import io.zsync.tui.KeyCode;
import io.zsync.tui.RenderStats;
import io.zsync.tui.TuiApp;
import io.zsync.tui.TuiConfig;
import io.zsync.tui.Ui;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The event loop: one task that takes events from terminal input, resize and resume signals, the mailbox, the
 * app's channels, the ticker and render deadlines, hands them to the app one at a time, and draws frames through
 * the coalescing renderer.
 */
public final class EventLoop implements Ui {
    /*
     * Implementation notes.
     *
     * Roles: the UI task runs run() and everything the app is called with; the input thread (or a headless test)
     * feeds `input` through the parser; a signal handler thread calls resized()/continued(); any thread posts.
     * One wait: when nothing is ready the task waits in one zsync select over input, signals, the mailbox's posts
     * and bell, and the app's channels, with a timeout at the next tick or frame deadline only when there is one;
     * so an idle loop with no ticker wakes for nothing (no timer at all: HeadlessTuiTest checks pendingTimers()).
     * Priority without starvation: each turn first draws a frame if one is due, then delivers a due tick, then takes
     * one event by non-waiting polls in a fixed order, input first (so input is never starved by ticks or
     * messages), then signals, then the mailbox and the app's channels in turn (rotating). A flood of messages
     * cannot hold back frames or ticks: both are checked every turn, before any message.
     * Frames (coalescing): an event marks the view dirty; a frame is drawn at a turn's start when the frame budget
     * allows, else the wait's timeout is set to when it will. The budget is a token bucket on the runtime's clock:
     * one token per 1/maxFps, at most BURST (3) saved, one spent per frame, so frames never average more than
     * maxFps. A change caused by input (a key, paste, mouse, focus, resize) may spend the last token; a change
     * from background work (messages, ticks) only a token beyond one, which it leaves for input. So under a flood
     * of updates frames run at maxFps and a key is still drawn at once, in the frame that the flood's next one
     * would have been (the bench/tui figures: key to screen under a 100,000/s flood), without going over maxFps.
     * Leading edge: after idle the bucket is full, so the first change is drawn at once. Latest state wins: the
     * view is asked for the model as it is then; no frame is queued. A change made while dirty counts as coalesced.
     * Keyed messages (offerLatest) are taken only while the view is clean, and all of them (each pending key once)
     * right before a frame: while a frame is pending the wait leaves the mailbox's bell out, so a flood of
     * offerLatest wakes the loop about once per frame, not once per update, and newer values replace older ones in
     * the mailbox meanwhile. Posts and channel elements are each a message of their own, taken as they come.
     * Cancellation: the select throws TaskCancelledException when the task is cancelled; a turn that never waits
     * (a flood) checks the interrupt flag itself.
     * Time: the runtime's clock (a ManualClock in headless tests), also for the select's timeout, so ticks and
     * frame deadlines move only with that clock in tests.
     * Headless hooks: `consumed` counts input events handled, `idle` is true while the task waits in its select
     * with nothing ready, `idleUntil` its deadline; written by the UI task, read by a test thread (volatile).
     * Maintenance: run HeadlessTuiTest, EventLoopTest and TuiExitTest after a change.
     */

    /** An input event and when the input thread parsed it (System.nanoTime), for input-to-flush latency. */
    record Stamped(Event event, long nanos) {
    }

    private record Closed(Channel<?> channel) {
    }

    private static final Object SIGNAL = new Object();
    private static final Object BELL = new Object();
    private static final Object TIMEOUT = new Object();
    private static final long NONE = Long.MAX_VALUE;

    private final TuiConfig config;
    private final TuiApp app;
    private final Backend backend;
    private final TerminalGuard guard;
    private final boolean shutdownHook;
    private final Channel<Stamped> input = Zsync.bounded("tui input", 256);     // parser → loop
    private final Channel<Object> signals = Zsync.bounded("tui signals", 1);    // rung by resized()/continued()
    private final AtomicReference<int @Nullable []> pendingSize = new AtomicReference<>();   // the last size
    private final AtomicBoolean resumed = new AtomicBoolean();
    private final Mailbox mailbox;
    private final ArrayDeque<Object> selfPosts = new ArrayDeque<>();   // posts made on the UI task; UI task only
    private final List<Channel<?>> channels;                           // UI task only
    private final InputParser parser;
    private final Renderer renderer = new Renderer();
    private final long frameNanos;
    private final long tickNanos;

    private volatile @Nullable Thread uiThread;     // written once by run() before anything can call onUiTask
    private @Nullable ZsyncRuntime runtime;
    private @Nullable ManualClock clock;
    private @Nullable Canvas previous;              // the frame on screen; null: repaint all
    private int cols;
    private int rows;
    private static final double BURST = 3;   // frames the budget saves up: see Frames
    private boolean dirty;
    private boolean inputDirty;                     // dirty because of input: may spend the last token
    private double tokens = BURST;                  // the frame budget, in frames
    private long refilledAt;                        // the clock when `tokens` was last brought up to date
    private long nextTickAt;
    private long ticks;
    private long frames;
    private long coalesced;
    private long lastFrameNanos;
    private long inputToFlushNanos;
    private long oldestInput;                       // nanoTime of the earliest input not yet on screen, or 0
    private int rotate;
    private volatile int exitStatus = -1;
    private volatile boolean ended;
    private final java.util.concurrent.atomic.AtomicLong produced = new java.util.concurrent.atomic.AtomicLong();
                                                    // input events parsed (headless tests wait on it)
    private volatile long consumed;                 // input events handled; written by the UI task only
    private volatile boolean idle;                          // waiting in the select with nothing ready
    private volatile long idleUntil;                // the deadline of that wait (clock), or NONE

    public EventLoop(TuiConfig config, TuiApp app, Backend backend, boolean shutdownHook) {
        this.config = config;
        this.app = app;
        this.backend = backend;
        this.guard = new TerminalGuard(backend);
        this.shutdownHook = shutdownHook;
        this.mailbox = new Mailbox(config.mailboxCapacity());
        this.channels = new ArrayList<>(config.channels());
        this.frameNanos = 1_000_000_000L / config.maxFps();
        this.tickNanos = config.tick() == null ? 0 : Objects.requireNonNull(config.tick()).toNanos();
        this.parser = new InputParser(e -> {
            produced.incrementAndGet();
            try {
                input.send(new Stamped(e, System.nanoTime()));   // waits while 256 are queued: the tty backs up
            } catch (io.zsync.channel.ChannelClosedException loopEnded) {
                // the loop has ended: input typed after it is not for the app
            }
        });
    }

    /** The parser the input thread feeds. */
    public InputParser parser() {
        return parser;
    }

    public TerminalGuard guard() {
        return guard;
    }

    public TuiConfig config() {
        return config;
    }

    /**
     * For headless tests: whether every input event parsed so far was handled, no signal waits, and the loop waits
     * with nothing ready until a deadline after clock time {@code now}, or none (so every deadline up to {@code now}
     * was served).
     * Reads in the order that makes a stale "idle" impossible: the counters first (written after the wake-up that
     * cleared `idle`), then `idle`.
     */
    public boolean settled(long now) {
        Thread ui = uiThread;
        if (!(consumed == produced.get() && pendingSize.get() == null && !resumed.get() && idle && idleUntil > now
                && ui != null)) {
            return false;
        }
        // `idle` is set just before the select registers its timeout with the clock: only once the task is parked
        // is the timeout registered (else a test's advance could come first, and the timeout count from after it)
        Thread.State state = ui.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    /** The state settled() reads, for a test's failure message (racy). */
    public String settleState(long now) {
        return "input parsed " + produced.get() + ", handled " + consumed + "; signal pending " + (pendingSize.get()
                != null) + "; waiting " + idle + " until " + idleUntil + " (clock " + now + ")";
    }

    /** Whether the loop has ended (its input is no longer read). */
    public boolean ended() {
        return ended;
    }

    /** A resize signal: the latest size wins; the loop takes it on its next turn. Any thread. */
    public void resized(int newCols, int newRows) {
        pendingSize.set(new int[] {newCols, newRows});
        signals.trySend(SIGNAL);
    }

    /** The process was continued after a stop: modes on again, full repaint. Any thread. */
    public void continued() {
        resumed.set(true);
        signals.trySend(SIGNAL);
    }

    /** Runs the loop on the calling task until exit, failure or cancellation; the terminal is restored after. */
    public int run() throws Exception {
        uiThread = Thread.currentThread();
        runtime = Zsync.currentRuntime().orElseThrow(() -> new IllegalStateException(
                "Tui.run must be called inside a zsync runtime: wrap it in Zsync.run(() -> Tui.run(config, app))"));
        clock = runtime.config().clock();
        Thread hook = shutdownHook ? new Thread(this::restoreAtShutdown, "zsync-tui-restore") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        Throwable failure = null;
        try {
            int[] size = backend.size();
            cols = size[0];
            rows = size[1];
            guard.enter(modes());
            backend.start(this);
            long now = now();
            refilledAt = now;
            nextTickAt = now + tickNanos;
            app.start(this);
            markDirty();
            loop();
            return exitStatus;
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            ended = true;
            mailbox.close();
            input.close();
            signals.close();
            Throwable restoreFailure = guard.restore();
            backend.close();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs or ran: it restores idempotently
                }
            }
            if (restoreFailure != null) {
                if (failure != null) {
                    failure.addSuppressed(restoreFailure);
                } else {
                    report(restoreFailure);
                }
            }
        }
    }

    private List<TerminalGuard.Mode> modes() {
        List<TerminalGuard.Mode> modes = new ArrayList<>();
        modes.add(TerminalGuard.Mode.RAW);
        if (config.alternateScreen()) {
            modes.add(TerminalGuard.Mode.ALT_SCREEN);
        }
        if (config.hideCursor()) {
            modes.add(TerminalGuard.Mode.HIDE_CURSOR);
        }
        if (config.bracketedPaste()) {
            modes.add(TerminalGuard.Mode.BRACKETED_PASTE);
        }
        if (config.mouse()) {
            modes.add(TerminalGuard.Mode.MOUSE);
        }
        if (config.focus()) {
            modes.add(TerminalGuard.Mode.FOCUS);
        }
        return modes;
    }

    private void restoreAtShutdown() {
        Throwable t = guard.restore();
        if (t != null) {
            report(t);
        }
    }

    /** Hands a failure nobody else can see to the runtime's uncaught handler (any thread). */
    public void report(Throwable t) {
        ZsyncRuntime rt = runtime;
        Thread.UncaughtExceptionHandler h = rt != null ? rt.config().uncaughtHandler() : null;
        if (h != null) {
            h.uncaughtException(Thread.currentThread(), t);
        } else {
            Thread.getDefaultUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
        }
    }

    private long now() {
        ManualClock c = clock;
        return c != null ? c.elapsed().toNanos() : System.nanoTime();
    }

    // ---- the loop ----

    private void loop() throws Exception {
        while (exitStatus < 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new TaskCancelledException("the UI task was cancelled");
            }
            long now = now();
            if (dirty && frameDueAt(now) - now <= 0) {
                drainKeyed();   // the latest of every key, in the frame about to be drawn
                render(now);
            }
            if (tickNanos > 0 && now - nextTickAt >= 0) {
                nextTickAt += ((now - nextTickAt) / tickNanos + 1) * tickNanos;   // missed ticks skipped
                dispatch(new Event.Tick(++ticks));
                continue;
            }
            if (pollOnce()) {
                continue;
            }
            long deadline = Math.min(dirty ? frameDueAt(now) : NONE, tickNanos > 0 ? nextTickAt : NONE);
            idleUntil = deadline;
            idle = true;
            Object got;
            try {
                got = waitForOne(deadline == NONE ? -1 : Math.max(0, deadline - now));
            } finally {
                idle = false;
            }
            take(got);
        }
    }

    /** Takes one ready event without waiting: whether there was one. */
    private boolean pollOnce() throws Exception {
        Stamped in = input.tryRecv();
        if (in != null) {
            handleInput(in);
            return true;
        }
        if (signals.tryRecv() != null) {
            handleSignals();
            return true;
        }
        if (!selfPosts.isEmpty()) {
            dispatch(new Event.Message<>(selfPosts.poll()));
            return true;
        }
        int sources = 1 + channels.size();
        for (int i = 0; i < sources; i++) {
            int s = (rotate + i) % sources;
            Object m = s == 0 ? (dirty ? mailbox.pollPost() : mailbox.poll()) : channels.get(s - 1).tryRecv();
            if (m != null) {
                rotate = s + 1;
                dispatch(new Event.Message<>(m));
                return true;
            }
        }
        return false;
    }

    private Object waitForOne(long timeoutNanos) {
        Select<Object> select = Zsync.select()
                .onRecv(input, x -> x)
                .onRecv(signals, x -> SIGNAL)
                .onRecv(mailbox.posts(), m -> new Event.Message<>(m));
        if (!dirty) {
            select.onRecv(mailbox.bell(), x -> BELL);   // while a frame is pending, keyed messages wait for it
        }
        for (Channel<?> c : channels) {
            select.onRecv(c, v -> new Event.Message<>(v), () -> new Closed(c));
        }
        if (timeoutNanos >= 0) {
            select.onTimeout(Duration.ofNanos(timeoutNanos), () -> TIMEOUT);
        }
        return select.await();
    }

    private void take(Object got) throws Exception {
        if (got instanceof Stamped in) {
            handleInput(in);
        } else if (got == SIGNAL) {
            handleSignals();
        } else if (got instanceof Event.Message<?> m) {
            mailbox.sawPosts(mailbox.posts().size());   // not + 1: senders may have refilled it since the take
            dispatch(m);
        } else if (got instanceof Closed c) {
            channels.remove(c.channel());
        }
        // BELL: the next turn polls the mailbox; TIMEOUT: the next turn draws or ticks
    }

    private void handleInput(Stamped in) throws Exception {
        if (oldestInput == 0) {
            oldestInput = in.nanos();
        }
        Event e = in.event();
        if (e instanceof Event.Interrupt && config.exitOnInterrupt()) {
            exitStatus = 130;
        } else if (config.suspendOnCtrlZ() && e instanceof Event.Key k && k.code() == KeyCode.CHAR
                && k.codePoint() == 'z' && k.modifiers() == Event.CTRL) {
            suspend();
        } else {
            dispatch(e);
            inputDirty = true;
        }
        consumed = consumed + 1;   // UI task only writes it
    }

    private void suspend() throws Exception {
        Throwable t = guard.suspend();
        if (t != null) {
            throw new IllegalStateException("could not restore the terminal before suspending", t);
        }
        backend.suspendProcess();   // returns once the process is continued (or at once where it cannot stop)
        resumed.set(false);
        if (guard.resume()) {
            previous = null;
            markDirty();
            inputDirty = true;   // the user is back: repaint at once
        }
    }

    private void handleSignals() throws Exception {
        if (resumed.getAndSet(false) && guard.resume()) {   // continued after a stop we did not make ourselves
            previous = null;
            markDirty();
        }
        int[] size = pendingSize.getAndSet(null);
        if (size != null && (size[0] != cols || size[1] != rows) && size[0] > 0 && size[1] > 0) {
            cols = size[0];
            rows = size[1];
            previous = null;   // the burst has collapsed to this size: the next frame repaints all
            dispatch(new Event.Resize(cols, rows));
            inputDirty = true;
        }
    }

    private void dispatch(Event e) throws Exception {
        app.handle(e, this);
        markDirty();
    }

    private void markDirty() {
        if (dirty) {
            coalesced++;
        } else {
            dirty = true;
        }
    }

    /** When the budget allows the pending frame: now, or when enough tokens will have come. */
    private long frameDueAt(long now) {
        refill(now);
        double need = inputDirty ? 1 : 2;
        return tokens >= need ? now : now + (long) Math.ceil((need - tokens) * frameNanos);
    }

    private void refill(long now) {
        tokens = Math.min(BURST, tokens + (double) (now - refilledAt) / frameNanos);
        refilledAt = now;
    }

    /** Hands the app the latest message of every key pending now, each key once. */
    private void drainKeyed() throws Exception {
        for (int n = mailbox.keyedPending(); n > 0; n--) {
            Object m = mailbox.pollKeyed();
            if (m == null) {
                return;
            }
            dispatch(new Event.Message<>(m));
        }
    }

    private void render(long now) throws Exception {
        long start = System.nanoTime();
        Canvas next = Canvas.of(cols, rows);
        app.view(next);
        byte[] bytes = renderer.diff(previous, next, config.synchronizedOutput());
        dirty = false;
        inputDirty = false;
        refill(now);
        tokens -= 1;
        previous = next;
        if (bytes.length > 0 && guard.writeFrame(bytes)) {
            frames++;
            long end = System.nanoTime();
            lastFrameNanos = end - start;
            if (oldestInput != 0) {
                inputToFlushNanos = end - oldestInput;
            }
        }
        oldestInput = 0;
    }

    // ---- Ui ----

    @Override
    public boolean post(Object message) {
        Objects.requireNonNull(message, "message");
        if (onUiTask()) {
            if (ended) {
                return false;
            }
            selfPosts.add(message);
            return true;
        }
        return mailbox.post(message);
    }

    @Override
    public boolean tryPost(Object message) {
        Objects.requireNonNull(message, "message");
        return onUiTask() ? post(message) : mailbox.tryPost(message);
    }

    @Override
    public boolean offerLatest(Object key, Object message) {
        return mailbox.offerLatest(key, message);
    }

    @Override
    public <T> Task<T> spawn(Callable<? extends T> body, Function<? super Outcome<T>, ?> toMessage) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(toMessage, "toMessage");
        ZsyncRuntime rt = Objects.requireNonNull(runtime, "the loop has not started");
        Task<T> task = rt.spawn(body);
        rt.spawn(() -> {
            Outcome<T> outcome = task.join();
            Object message;
            try {
                message = Objects.requireNonNull(toMessage.apply(outcome), "toMessage returned null");
            } catch (Throwable t) {
                report(t);
                return;
            }
            if (!post(message) && outcome instanceof Outcome.Failure<T> f) {
                report(f.cause());   // the loop has ended: nobody else will see this failure
            }
        });
        return task;
    }

    @Override
    public void exit(int status) {
        checkUiTask("exit");
        if (status < 0) {
            throw new IllegalArgumentException("status must be >= 0 but was " + status);
        }
        exitStatus = status;
    }

    @Override
    public int cols() {
        checkUiTask("cols");
        return cols;
    }

    @Override
    public int rows() {
        checkUiTask("rows");
        return rows;
    }

    @Override
    public RenderStats stats() {
        checkUiTask("stats");
        return new RenderStats(frames, coalesced, lastFrameNanos, inputToFlushNanos, mailbox.highWater(),
                mailbox.replaced());
    }

    /** The stats from any thread: racy (headless tests read them after the loop settled). */
    public RenderStats statsRacy() {
        return new RenderStats(frames, coalesced, lastFrameNanos, inputToFlushNanos, mailbox.highWater(),
                mailbox.replaced());
    }

    @Override
    public boolean onUiTask() {
        return Thread.currentThread() == uiThread;
    }

    private void checkUiTask(String what) {
        if (!onUiTask()) {
            throw new IllegalStateException(what + "() touches the UI's state and must be called on the UI task "
                    + "(in TuiApp.handle, view or start); from other threads, post a message instead");
        }
    }
}
