package io.zsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zsync.TaskCancelledException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The permit in flight, model-checked: a waiter parked in {@code acquire()} is interrupted while another thread
 * releases the permit it waits for. Lincheck explores the interleavings of the release's claim, the waiter's
 * abandon and the queue removal; in every one the permit ends either held by the waiter or free, never lost. The test
 * lets the waiter queue first (else most runs only race the fast path). Checked against a mutant: a waiter that gives
 * up even when its node was claimed fails this test within a few thousand invocations.
 */
@Timeout(300)
class HandOffModelTest {

    @Test
    void anInterruptRacingAReleaseNeverLosesThePermit() {
        Lincheck.runConcurrentTest(Integer.getInteger("zsync.lincheck.invocations", 2_000), () -> {
            Semaphore s = Semaphore.create(1);
            s.acquire();
            AtomicBoolean got = new AtomicBoolean();
            Thread waiter = new Thread(() -> {
                try {
                    s.acquire();
                    got.set(true);
                } catch (TaskCancelledException cancelled) {
                    Thread.interrupted();
                }
            });
            waiter.start();
            while (!s.toString().contains("1 waiting")) {
                Thread.yield();   // the waiter is queued: the race below is the one that matters
            }
            Thread releaser = new Thread(s::release);
            releaser.start();
            waiter.interrupt();
            join(waiter);
            join(releaser);
            assertEquals(got.get() ? 0 : 1, s.availablePermits(), "held by the waiter, or free");
        });
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
