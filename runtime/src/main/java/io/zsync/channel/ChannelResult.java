package io.zsync.channel;

import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a receive that does not throw came to: an element ({@link Value}), nothing for now — the channel was empty,
 * or the time ran out — ({@link Empty}), or the channel's end ({@link Closed}, with the close cause if it failed).
 * Returned by {@link Channel#recvCatching()} and {@link Channel#recvCatching(java.time.Duration)}, so that a loop
 * tells the three apart in one call, with no exception and no racy second look at {@link Channel#isClosed()} (as
 * kotlinx's {@code ChannelResult}).
 *
 * {@snippet :
 * for (boolean open = true; open; ) {
 *     switch (jobs.recvCatching(Duration.ofSeconds(1))) {
 *         case ChannelResult.Value<Job>(Job job) -> run(job);
 *         case ChannelResult.Empty<Job> idle -> heartbeat();
 *         case ChannelResult.Closed<Job>(Throwable cause) -> open = false;   // cause: null if closed normally
 *     }
 * }
 * }
 *
 * @param <E> the element type
 * @since 0.1
 */
public sealed interface ChannelResult<E> {

    /**
     * Returns the result that holds {@code element}.
     *
     * @param element the element received, not null
     * @param <E> the element type
     * @return a {@link Value}
     */
    static <E> ChannelResult<E> value(E element) {
        return new Value<>(element);
    }

    /**
     * Returns the result of a receive that found nothing: the channel was empty, or the time ran out.
     *
     * @param <E> the element type
     * @return the shared {@link Empty}
     */
    @SuppressWarnings("unchecked")
    static <E> ChannelResult<E> empty() {
        return (ChannelResult<E>) Empty.INSTANCE;
    }

    /**
     * Returns the result of a receive on a closed and drained channel.
     *
     * @param cause the close cause; null if the channel was closed normally
     * @param <E> the element type
     * @return a {@link Closed}
     */
    static <E> ChannelResult<E> closed(@Nullable Throwable cause) {
        return new Closed<>(cause);
    }

    /**
     * Returns the element, or null if there is none (empty or closed).
     *
     * @return the element, or null
     */
    @Nullable E valueOrNull();

    /**
     * Returns the element, or throws if there is none: {@link NoSuchElementException} when empty,
     * {@link ChannelClosedException} (with the close cause) when closed.
     *
     * @return the element
     * @throws NoSuchElementException if the receive found nothing
     * @throws ChannelClosedException if the channel is closed and drained
     */
    E orThrow();

    /**
     * Whether this result holds an element.
     *
     * @return true for a {@link Value}
     */
    default boolean isValue() {
        return this instanceof Value;
    }

    /**
     * Whether this result is the channel's end.
     *
     * @return true for a {@link Closed}
     */
    default boolean isClosed() {
        return this instanceof Closed;
    }

    /**
     * A received element.
     *
     * @param element the element, not null
     * @param <E> the element type
     */
    record Value<E>(E element) implements ChannelResult<E> {
        /**
         * Creates a value.
         *
         * @param element the element
         * @throws NullPointerException if {@code element} is null (§2.13)
         */
        public Value {
            Objects.requireNonNull(element, "element must not be null (§2.13)");
        }

        @Override
        public E valueOrNull() {
            return element;
        }

        @Override
        public E orThrow() {
            return element;
        }
    }

    /**
     * Nothing was received: the channel was empty (for a receive that does not wait) or stayed empty until the
     * timeout. The channel may still be open.
     *
     * @param <E> the element type
     */
    record Empty<E>() implements ChannelResult<E> {
        private static final Empty<?> INSTANCE = new Empty<>();

        @Override
        public @Nullable E valueOrNull() {
            return null;
        }

        @Override
        public E orThrow() {
            throw new NoSuchElementException("nothing received: the channel was empty (or stayed empty until the"
                    + " timeout); check isValue() first, or switch over the result");
        }
    }

    /**
     * The channel is closed and every element was received: nothing more will come.
     *
     * @param cause why the channel failed ({@link Channel#close(Throwable)}, an upstream's {@code onError}); null if
     *     it was closed normally
     * @param <E> the element type
     */
    record Closed<E>(@Nullable Throwable cause) implements ChannelResult<E> {
        @Override
        public @Nullable E valueOrNull() {
            return null;
        }

        @Override
        public E orThrow() {
            throw new ChannelClosedException(cause == null ? "the channel is closed and drained"
                    : "the channel failed: " + cause, cause);
        }
    }
}
