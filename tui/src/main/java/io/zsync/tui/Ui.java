package io.zsync.tui;

import io.zsync.Outcome;
import io.zsync.Task;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The running loop, as an app and its background work see it. {@link #post}, {@link #tryPost},
 * {@link #offerLatest} and {@link #spawn} may be called from any thread; the rest only on the UI task (checked:
 * they throw {@link IllegalStateException} elsewhere).
 *
 * <p>Memory consistency effects: actions in a thread before it posts a message happen-before the
 * {@link TuiApp#handle} call that receives it.
 *
 * @since 0.1
 */
public interface Ui {
    /**
     * Sends a message to the app through the bounded mailbox ({@link TuiConfig.Builder#mailboxCapacity}); it arrives
     * as an {@link Event.Message}, after the messages posted before it.
     *
     * <p><b>Blocking and cancellation:</b> waits while the mailbox is full (backpressure: a producer faster than the
     * UI slows to its pace; on a virtual thread the wait is cheap). Cancelling the caller's task wakes it with
     * {@code TaskCancelledException}, and then the message was not queued. Called on the UI task itself, it never
     * waits: the message joins a queue the loop takes from after the current event.
     * <p><b>When closed:</b> once the loop has ended, returns {@code false} at once (a waiting call too).
     *
     * @param message the message, not null
     * @return true if queued, false if the loop has ended
     * @throws NullPointerException if {@code message} is null
     */
    boolean post(Object message);

    /**
     * Sends a message if the mailbox has room now; never waits.
     *
     * @param message the message, not null
     * @return true if queued; false if full or the loop has ended
     * @throws NullPointerException if {@code message} is null
     */
    boolean tryPost(Object message);

    /**
     * Sends a message that replaces any message with the same key not yet taken by the loop: for values where only
     * the latest counts (a progress figure, a price). Never waits; memory stays bounded by the number of distinct
     * keys, at any rate. A replaced message is counted ({@link RenderStats#replacedMessages}), never delivered.
     *
     * @param key the key (equals and hashCode), not null
     * @param message the message, not null
     * @return true if queued or replaced a pending one; false if the loop has ended
     * @throws NullPointerException if an argument is null
     */
    boolean offerLatest(Object key, Object message);

    /**
     * Runs {@code body} as a task of the UI task's runtime and sends {@code toMessage} of its outcome (a success, a
     * failure, or a cancellation) back as a message through the mailbox. The task ends with the runtime, like any
     * task; a failure that cannot be delivered because the loop has ended goes to the runtime's uncaught handler.
     *
     * @param body the work
     * @param toMessage turns its outcome into a message (not null)
     * @param <T> the result type
     * @return the task running {@code body}: cancel it to stop the work (its message is then a cancellation)
     * @throws NullPointerException if an argument is null
     */
    <T> Task<T> spawn(Callable<? extends T> body, Function<? super Outcome<T>, ?> toMessage);

    /**
     * Ends the loop after the current event: the terminal is restored and {@link Tui#run} returns {@code status}.
     * UI task only.
     *
     * @param status the exit status to return, 0 or more
     * @throws IllegalArgumentException if {@code status} is negative
     * @throws IllegalStateException if called off the UI task
     */
    void exit(int status);

    /**
     * Columns of the terminal now. UI task only.
     *
     * @return the width
     * @throws IllegalStateException if called off the UI task
     */
    int cols();

    /**
     * Rows of the terminal now. UI task only.
     *
     * @return the height
     * @throws IllegalStateException if called off the UI task
     */
    int rows();

    /**
     * The counters of the renderer and the mailbox. UI task only.
     *
     * @return a snapshot
     * @throws IllegalStateException if called off the UI task
     */
    RenderStats stats();

    /**
     * Whether the caller runs on the UI task, where the model may be touched.
     *
     * @return true on the UI task
     */
    boolean onUiTask();
}
