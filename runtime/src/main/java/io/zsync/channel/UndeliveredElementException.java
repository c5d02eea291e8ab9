package io.zsync.channel;

import java.io.Serial;

/**
 * Reported to the uncaught handler of a channel's runtime when an element left the channel for a subscriber that
 * then threw from {@code onNext} (§2.13): the subscriber was cancelled, nobody received the element, and here it is,
 * with what the subscriber threw as the cause. A channel never drops an element silently; this is where one that
 * could not be delivered ends up (kotlinx calls its hook {@code onUndeliveredElement}).
 *
 * @since 0.1
 */
public final class UndeliveredElementException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Object element;   // not serialized: elements need not be Serializable

    /**
     * Creates the report.
     *
     * @param message what happened
     * @param element the element that was not delivered
     * @param cause what the subscriber threw
     */
    public UndeliveredElementException(String message, Object element, Throwable cause) {
        super(message, cause);
        this.element = element;
    }

    /**
     * Returns the element that left the channel and reached nobody.
     *
     * @return the element (null only after deserialization)
     */
    public Object element() {
        return element;
    }
}
