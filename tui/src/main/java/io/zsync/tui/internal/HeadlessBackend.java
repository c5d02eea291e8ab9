package io.zsync.tui.internal;

import java.util.concurrent.atomic.AtomicInteger;

/** A test's terminal: output goes to a {@link VirtualScreen}; raw mode is a flag; input comes from the test. */
public final class HeadlessBackend implements Backend {
    private final VirtualScreen screen;
    private volatile boolean raw;
    private final AtomicInteger suspends = new AtomicInteger();
    private volatile int cols;
    private volatile int rows;

    public HeadlessBackend(int cols, int rows) {
        this.screen = new VirtualScreen(cols, rows);
        this.cols = cols;
        this.rows = rows;
    }

    public VirtualScreen screen() {
        return screen;
    }

    public boolean raw() {
        return raw;
    }

    public int suspends() {
        return suspends.get();
    }

    /** The test resized the virtual terminal (the loop is told separately, as a WINCH would). */
    public void resize(int newCols, int newRows) {
        cols = newCols;
        rows = newRows;
        screen.resize(newCols, newRows);
    }

    @Override
    public int[] size() {
        return new int[] {cols, rows};
    }

    @Override
    public void enterRaw() {
        raw = true;
    }

    @Override
    public void restoreTty() {
        raw = false;
    }

    @Override
    public void write(byte[] bytes) {
        screen.write(bytes);
    }

    @Override
    public void start(EventLoop loop) {
    }

    @Override
    public void suspendProcess() {
        suspends.incrementAndGet();   // a test cannot stop its JVM: counted, and continued at once
    }

    @Override
    public void close() {
    }
}
