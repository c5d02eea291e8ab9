package io.zsync.tui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guard undoes what it turned on, in reverse, once, whatever fails, and lets no frame through after. */
@Timeout(10)
class TerminalGuardTest {
    /** A backend that records what it is asked to do, and fails where told. */
    private static class Recording implements Backend {
        final List<String> log = new ArrayList<>();
        IOException failWrite;
        IOException failRestore;

        @Override
        public int[] size() {
            return new int[] {80, 24};
        }

        @Override
        public void enterRaw() {
            log.add("raw");
        }

        @Override
        public void restoreTty() throws IOException {
            log.add("cooked");
            if (failRestore != null) {
                throw failRestore;
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            String s = new String(bytes, StandardCharsets.US_ASCII).replace("\u001b", "ESC");
            log.add(s);
            if (failWrite != null && s.contains("?1049l")) {
                throw failWrite;
            }
        }

        @Override
        public void start(EventLoop loop) {
        }

        @Override
        public void suspendProcess() {
        }

        @Override
        public void close() {
        }
    }

    private static final List<TerminalGuard.Mode> ALL = List.of(TerminalGuard.Mode.RAW,
            TerminalGuard.Mode.ALT_SCREEN, TerminalGuard.Mode.HIDE_CURSOR, TerminalGuard.Mode.BRACKETED_PASTE,
            TerminalGuard.Mode.MOUSE, TerminalGuard.Mode.FOCUS);

    @Test
    void undoesEveryModeInReverseOnce() throws Exception {
        Recording b = new Recording();
        TerminalGuard g = new TerminalGuard(b);
        g.enter(ALL);
        b.log.clear();
        assertNull(g.restore());
        assertEquals(List.of("ESC[?1004l", "ESC[?1006lESC[?1002lESC[?1000l", "ESC[?2004l", "ESC[?25h", "ESC[?1049l",
                "ESC[?2026lESC[0m", "cooked"), b.log);
        b.log.clear();
        assertNull(g.restore(), "idempotent");
        assertEquals(List.of(), b.log);
        assertFalse(g.writeFrame(new byte[] {'x'}), "no frame after the restore");
        assertTrue(g.isRestored());
    }

    @Test
    void aFailingStepDoesNotStopTheOthers() throws Exception {
        Recording b = new Recording();
        TerminalGuard g = new TerminalGuard(b);
        g.enter(ALL);
        b.failWrite = new IOException("write failed");
        b.failRestore = new IOException("tcsetattr failed");
        Throwable t = g.restore();
        assertSame(b.failWrite, t);
        assertSame(b.failRestore, t.getSuppressed()[0]);
        assertTrue(b.log.contains("cooked"), "the tty is still put back after a failed write: " + b.log);
    }

    @Test
    void onlyWhatWasEnteredIsUndone() throws Exception {
        Recording b = new Recording();
        TerminalGuard g = new TerminalGuard(b);
        g.enter(List.of(TerminalGuard.Mode.RAW, TerminalGuard.Mode.HIDE_CURSOR));
        b.log.clear();
        g.restore();
        assertEquals(List.of("ESC[?25h", "ESC[?2026lESC[0m", "cooked"), b.log);
    }

    @Test
    void suspendThenResumeReentersTheSameModes() throws Exception {
        Recording b = new Recording();
        TerminalGuard g = new TerminalGuard(b);
        g.enter(List.of(TerminalGuard.Mode.RAW, TerminalGuard.Mode.ALT_SCREEN));
        b.log.clear();
        g.suspend();
        assertFalse(g.writeFrame(new byte[] {'x'}), "no frame while suspended");
        assertTrue(g.resume());
        assertEquals(List.of("ESC[?1049l", "ESC[?2026lESC[0m", "cooked", "raw", "ESC[?1049h"), b.log);
        assertTrue(g.writeFrame(new byte[] {'x'}));
        g.restore();
        assertFalse(g.resume(), "restored for good");
    }

    @Test
    void aRestoreFromAnotherThreadWaitsForAFrameInProgress() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recording b = new Recording() {
            @Override
            public void write(byte[] bytes) throws IOException {
                if (bytes.length == 1) {
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                super.write(bytes);
            }
        };
        TerminalGuard g = new TerminalGuard(b);
        g.enter(List.of(TerminalGuard.Mode.RAW, TerminalGuard.Mode.ALT_SCREEN));
        Thread ui = Thread.ofPlatform().start(() -> {
            try {
                g.writeFrame(new byte[] {'F'});
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        writing.await();
        Thread hook = Thread.ofPlatform().start(g::restore);
        while (hook.isAlive() && hook.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();   // until the restore waits (at most LOCK_WAIT) for the frame in progress
        }
        release.countDown();
        ui.join();
        hook.join();
        int frame = b.log.indexOf("F");
        int leave = b.log.indexOf("ESC[?1049l");
        assertTrue(frame >= 0 && leave > frame, "the frame whole, then the restore: " + b.log);
    }
}
