package io.zsync.streams.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs two actions at the same instant, many times: both threads spin on a shared round counter, so they leave their
 * spin within nanoseconds of each other (a barrier would part them by microseconds and hide the race).
 */
public final class Races {
    private Races() {
    }

    /** For each round: {@code setup}, then {@code a} and {@code b} at once, then {@code check} (on this thread). */
    public static void race(int rounds, Runnable setup, Runnable a, Runnable b, Runnable check)
            throws InterruptedException {
        AtomicInteger round = new AtomicInteger(-1);
        AtomicInteger finished = new AtomicInteger();
        Thread other = new Thread(() -> {
            for (int r = 0; r < rounds; r++) {
                while (round.get() < r) {
                    Thread.onSpinWait();
                }
                b.run();
                finished.incrementAndGet();
            }
        }, "racer");
        other.setDaemon(true);
        other.start();
        try {
            for (int r = 0; r < rounds; r++) {
                setup.run();
                round.set(r);
                a.run();
                while (finished.get() <= r) {
                    Thread.onSpinWait();
                }
                check.run();
            }
        } finally {
            other.join(10_000);
        }
    }
}
