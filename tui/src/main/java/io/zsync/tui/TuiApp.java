package io.zsync.tui;

/**
 * A terminal application: a model that {@link #handle} changes, event by event, and a {@link #view} that draws it.
 * Both are called on the UI task only, one at a time, so the model needs no lock; background work reaches it as
 * messages ({@link Ui#post}, {@link Ui#offerLatest}, {@link Ui#spawn}).
 *
 * <p>Each handled event marks the view dirty; the renderer calls {@code view} at most {@code maxFps} times a second
 * and draws only what changed. A {@code handle} that throws ends the loop: the terminal is restored, then
 * {@link Tui#run} rethrows the exception.
 *
 * @since 0.1
 */
public interface TuiApp {
    /**
     * Called once on the UI task before the first frame, with the terminal in its modes: start background work
     * here.
     *
     * @param ui the loop's handle
     * @throws Exception to end the loop with this failure
     */
    default void start(Ui ui) throws Exception {
    }

    /**
     * Handles one event on the UI task.
     *
     * @param event the event
     * @param ui the loop's handle: {@link Ui#exit(int)} ends it
     * @throws Exception to end the loop with this failure
     */
    void handle(Event event, Ui ui) throws Exception;

    /**
     * Draws the model into a blank canvas the size of the terminal, on the UI task. Keep it quick and free of side
     * effects: it runs once per frame, not once per event.
     *
     * @param canvas the frame to fill
     */
    void view(Canvas canvas);
}
