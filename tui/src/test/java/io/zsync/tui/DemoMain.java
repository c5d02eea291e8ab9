package io.zsync.tui;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.Zsync;
import java.time.Duration;

/**
 * The program the tmux tests run (TuiExitTest): {@link CounterApp} on the real terminal, with {@code k} cancelling
 * the UI task from another task. Exit status: the app's (0 after {@code q}), 130 after Ctrl-C, 1 after an exception
 * (rethrown from main, printed by the JVM on the normal screen) or a cancellation.
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) throws Throwable {
        TuiConfig.Builder config = TuiConfig.builder();
        if (args.length > 0) {
            config.tick(Duration.ofMillis(Long.parseLong(args[0])));
        }
        int status = Zsync.run(() -> {
            Task<?>[] ui = new Task<?>[1];
            CounterApp app = new CounterApp() {
                @Override
                public void handle(Event event, Ui u) throws Exception {
                    if (event instanceof Event.Key k && k.is('k')) {
                        Zsync.spawn(() -> ui[0].cancel());
                    }
                    super.handle(event, u);
                }
            };
            Task<Integer> task = Zsync.spawn("ui", () -> Tui.run(config.build(), app));
            ui[0] = task;
            return switch (task.join()) {
                case Outcome.Success<Integer> s -> s.value();
                case Outcome.Failure<Integer> f -> throw rethrow(f.cause());
                case Outcome.Cancelled<Integer> c -> {
                    System.err.println("the UI task was cancelled");
                    yield 1;
                }
                case Outcome.Pending<Integer> p -> throw new AssertionError("joined, yet pending");
            };
        });
        System.exit(status);
    }

    private static Exception rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return (Exception) t;
    }
}
