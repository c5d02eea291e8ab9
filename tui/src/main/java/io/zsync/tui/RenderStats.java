package io.zsync.tui;

/**
 * The renderer's and the mailbox's counters, as {@link Ui#stats()} reads them on the UI task.
 *
 * @param frames frames written to the terminal (a frame whose diff was empty writes nothing and is not counted)
 * @param coalescedUpdates updates that found the view already dirty, so were drawn by a frame drawn for another
 * @param lastFrameNanos how long the last frame took: the view, the diff and the write
 * @param inputToFlushNanos for the last frame that followed input: from the moment the input thread parsed the
 *     earliest event not yet on screen to the end of that frame's write, in-process (0 before any)
 * @param mailboxHighWater the most messages ever found waiting in the {@link Ui#post} mailbox, never above its
 *     capacity
 * @param replacedMessages messages of {@link Ui#offerLatest} replaced by a newer one with the same key before the
 *     loop took them
 * @since 0.1
 */
public record RenderStats(long frames, long coalescedUpdates, long lastFrameNanos, long inputToFlushNanos,
                          int mailboxHighWater, long replacedMessages) {
}
