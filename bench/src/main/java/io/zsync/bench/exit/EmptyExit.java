package io.zsync.bench.exit;

/** Exit latency, the floor: an empty {@code main}, for JVM start-up and exit alone. */
public final class EmptyExit {
    private EmptyExit() {
    }

    /**
     * Does nothing.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
    }
}
