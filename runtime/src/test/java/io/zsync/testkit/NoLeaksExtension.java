package io.zsync.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when anything reaches the JVM's default uncaught handler during it (where zsync's default handler
 * sends unobserved failures), or when it leaves a live non-daemon thread behind. Registered for every test class by
 * JUnit's extension auto-detection (see {@code junit-platform.properties}).
 */
public final class NoLeaksExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeaksExtension.class);
    private static final long THREAD_GRACE_MILLIS = 2_000;

    private record State(Set<Thread> nonDaemonBefore, Thread.UncaughtExceptionHandler previous,
                         List<String> uncaught) {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> uncaught = new CopyOnWriteArrayList<>();
        State state = new State(liveNonDaemon(), Thread.getDefaultUncaughtExceptionHandler(), uncaught);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
        context.getStore(NS).put(NoLeaksExtension.class, state);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        State state = context.getStore(NS).remove(NoLeaksExtension.class, State.class);
        Thread.setDefaultUncaughtExceptionHandler(state.previous());
        if (!state.uncaught().isEmpty()) {
            throw new AssertionError("failures reached the uncaught handler: " + state.uncaught());
        }
        long deadline = System.currentTimeMillis() + THREAD_GRACE_MILLIS;
        List<Thread> leaked;
        do {
            leaked = new ArrayList<>(liveNonDaemon());
            leaked.removeAll(state.nonDaemonBefore());
            if (leaked.isEmpty()) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);   // poll: threads finish on their own
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("the test left live non-daemon threads, which would keep a JVM alive: "
                + leaked.stream().map(Thread::getName).collect(Collectors.joining(", ")));
    }

    private static Set<Thread> liveNonDaemon() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .filter(t -> !t.getName().startsWith("junit-"))   // JUnit's own, e.g. its @Timeout watcher
                .collect(Collectors.toSet());
    }
}
