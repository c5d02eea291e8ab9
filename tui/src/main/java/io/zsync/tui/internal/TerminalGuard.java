package io.zsync.tui.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Records every terminal mode the loop turns on and undoes them in reverse order, once, on whichever path comes
 * first: the loop's end (return, failure, cancellation), the JVM's shutdown (SIGINT, SIGTERM, System.exit), or a
 * suspend (Ctrl-Z), after which {@link #resume()} turns them on again. Frames are written through it, so no frame
 * reaches the terminal after it was restored.
 */
public final class TerminalGuard {
    /*
     * Implementation notes.
     *
     * Roles: the UI task (enter, writeFrame, suspend, resume, restore at the loop's end) and a shutdown hook's thread
     * (restore), which may race. `lock` serialises them: a frame is one write under the lock, so a restore never
     * interleaves with half a frame. A write blocked on a stalled terminal would hold the lock: restore waits for it
     * at most LOCK_WAIT, then restores without it (the terminal then gets the restore after, or amid, that frame).
     * States: ACTIVE ──suspend──▶ SUSPENDED ──resume──▶ ACTIVE; either ──restore──▶ RESTORED (final). Modes are undone
     * in the reverse of the order they were entered; after the modes, "end synchronized output" and "reset
     * attributes" are written unconditionally (a frame cut by a signal may have left them on). Each step is tried
     * even if an earlier one failed; the first failure is returned with the others suppressed.
     * Maintenance: run TerminalGuardTest and the tmux exit tests (TuiExitTest) after a change.
     */

    /** A terminal mode: how to turn it on and off. RAW is the tty's attributes, the others escape sequences. */
    public enum Mode {
        RAW("", ""),
        ALT_SCREEN("\u001b[?1049h", "\u001b[?1049l"),
        HIDE_CURSOR("\u001b[?25l", "\u001b[?25h"),
        BRACKETED_PASTE("\u001b[?2004h", "\u001b[?2004l"),
        MOUSE("\u001b[?1000h\u001b[?1002h\u001b[?1006h", "\u001b[?1006l\u001b[?1002l\u001b[?1000l"),
        FOCUS("\u001b[?1004h", "\u001b[?1004l");

        final byte[] on;
        final byte[] off;

        Mode(String on, String off) {
            this.on = on.getBytes(StandardCharsets.US_ASCII);
            this.off = off.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final long LOCK_WAIT_MILLIS = 300;
    private static final byte[] RESET = "\u001b[?2026l\u001b[0m".getBytes(StandardCharsets.US_ASCII);

    private static final int ACTIVE = 0;
    private static final int SUSPENDED = 1;
    private static final int RESTORED = 2;

    private final Backend backend;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Mode> on = new ArrayDeque<>();   // modes on now, last entered first; guarded by lock
    private final List<Mode> entered = new ArrayList<>();    // what enter() turned on, for resume; guarded by lock
    private volatile int state = ACTIVE;                      // written under lock

    public TerminalGuard(Backend backend) {
        this.backend = backend;
    }

    /** Turns {@code modes} on in order, recording each as soon as it is on. */
    public void enter(List<Mode> modes) throws Exception {
        lock.lock();
        try {
            if (state != ACTIVE) {
                return;
            }
            for (Mode m : modes) {
                turnOn(m);
                entered.add(m);
            }
        } finally {
            lock.unlock();
        }
    }

    private void turnOn(Mode m) throws Exception {
        if (m == Mode.RAW) {
            backend.enterRaw();
        } else {
            backend.write(m.on);
        }
        on.push(m);
    }

    /** Writes a frame unless the terminal was restored or suspended; whether it was written. */
    public boolean writeFrame(byte[] frame) throws Exception {
        lock.lock();
        try {
            if (state != ACTIVE) {
                return false;
            }
            backend.write(frame);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Undoes every mode, in reverse; idempotent. The first failure, the others suppressed, or null. */
    public @Nullable Throwable restore() {
        return leave(RESTORED);
    }

    /** Undoes every mode for a suspend; {@link #resume()} turns them on again. */
    public @Nullable Throwable suspend() {
        return leave(SUSPENDED);
    }

    /** After a suspend: turns the modes on again. False if restored meanwhile (nothing done). */
    public boolean resume() throws Exception {
        lock.lock();
        try {
            if (state != SUSPENDED) {
                return false;
            }
            state = ACTIVE;
            for (Mode m : entered) {
                turnOn(m);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the terminal is restored for good. */
    public boolean isRestored() {
        return state == RESTORED;
    }

    private @Nullable Throwable leave(int to) {
        boolean locked;
        try {
            locked = lock.tryLock(LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            locked = lock.tryLock();
            Thread.currentThread().interrupt();
        }
        try {
            if (state == RESTORED || (to == SUSPENDED && state == SUSPENDED)) {
                return null;
            }
            state = to;
            Throwable failure = null;
            Mode m;
            boolean wroteReset = false;
            while ((m = on.poll()) != null) {
                if (m == Mode.RAW && !wroteReset) {
                    failure = step(failure, RESET);   // before the tty goes back: still our output settings
                    wroteReset = true;
                }
                try {
                    if (m == Mode.RAW) {
                        backend.restoreTty();
                    } else {
                        backend.write(m.off);
                    }
                } catch (Throwable t) {
                    failure = add(failure, t);
                }
            }
            if (!wroteReset) {
                failure = step(failure, RESET);
            }
            return failure;
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private @Nullable Throwable step(@Nullable Throwable failure, byte[] bytes) {
        try {
            backend.write(bytes);
            return failure;
        } catch (Throwable t) {
            return add(failure, t);
        }
    }

    private static Throwable add(@Nullable Throwable failure, Throwable t) {
        if (failure == null) {
            return t;
        }
        failure.addSuppressed(t);
        return failure;
    }
}
