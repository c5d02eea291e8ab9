package io.zsync.tui;

import io.zsync.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Tui} loop runs: frame rate, ticker, terminal modes, mailbox size, the channels it listens to.
 * Immutable; made by {@link #builder()}.
 *
 * @since 0.1
 */
public final class TuiConfig {
    /** The most frames a second {@link Builder#maxFps} accepts. */
    public static final int MAX_FPS = 120;

    private final int maxFps;
    private final @Nullable Duration tick;
    private final boolean alternateScreen;
    private final boolean hideCursor;
    private final boolean mouse;
    private final boolean focus;
    private final boolean bracketedPaste;
    private final boolean synchronizedOutput;
    private final boolean exitOnInterrupt;
    private final boolean suspendOnCtrlZ;
    private final int mailboxCapacity;
    private final Duration escapeTimeout;
    private final List<Channel<?>> channels;

    private TuiConfig(Builder b) {
        this.maxFps = b.maxFps;
        this.tick = b.tick;
        this.alternateScreen = b.alternateScreen;
        this.hideCursor = b.hideCursor;
        this.mouse = b.mouse;
        this.focus = b.focus;
        this.bracketedPaste = b.bracketedPaste;
        this.synchronizedOutput = b.synchronizedOutput;
        this.exitOnInterrupt = b.exitOnInterrupt;
        this.suspendOnCtrlZ = b.suspendOnCtrlZ;
        this.mailboxCapacity = b.mailboxCapacity;
        this.escapeTimeout = b.escapeTimeout;
        this.channels = List.copyOf(b.channels);
    }

    /**
     * The defaults: 60 fps, no ticker, alternate screen, hidden cursor, bracketed paste, synchronized output,
     * Ctrl-C exits with 130, Ctrl-Z suspends, a mailbox of 1024, a 25 ms escape timeout.
     *
     * @return the default configuration
     */
    public static TuiConfig defaults() {
        return builder().build();
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The most frames drawn per second.
     *
     * @return 1..{@value #MAX_FPS}
     */
    public int maxFps() {
        return maxFps;
    }

    /**
     * The ticker's period, if any.
     *
     * @return the period, or null for no ticks
     */
    public @Nullable Duration tick() {
        return tick;
    }

    /**
     * Whether the loop draws on the alternate screen (and leaves the normal screen as it was).
     *
     * @return true by default
     */
    public boolean alternateScreen() {
        return alternateScreen;
    }

    /**
     * Whether the cursor is hidden while the loop runs.
     *
     * @return true by default
     */
    public boolean hideCursor() {
        return hideCursor;
    }

    /**
     * Whether mouse events are reported (SGR mouse mode).
     *
     * @return false by default
     */
    public boolean mouse() {
        return mouse;
    }

    /**
     * Whether focus events are reported.
     *
     * @return false by default
     */
    public boolean focus() {
        return focus;
    }

    /**
     * Whether pastes arrive as one {@link Event.Paste}.
     *
     * @return true by default
     */
    public boolean bracketedPaste() {
        return bracketedPaste;
    }

    /**
     * Whether each frame is wrapped in synchronized output (mode 2026: terminals that know it show the frame at
     * once, the others ignore it).
     *
     * @return true by default
     */
    public boolean synchronizedOutput() {
        return synchronizedOutput;
    }

    /**
     * Whether Ctrl-C ends the loop with status 130 (else the app gets an {@link Event.Interrupt}).
     *
     * @return true by default
     */
    public boolean exitOnInterrupt() {
        return exitOnInterrupt;
    }

    /**
     * Whether Ctrl-Z suspends the program as the shell's job control would (modes undone, process stopped; on
     * resume the modes come back and the screen is repainted). Else the app gets Ctrl+Z as a key.
     *
     * @return true by default
     */
    public boolean suspendOnCtrlZ() {
        return suspendOnCtrlZ;
    }

    /**
     * How many posted messages the mailbox holds before {@link Ui#post} waits.
     *
     * @return the capacity
     */
    public int mailboxCapacity() {
        return mailboxCapacity;
    }

    /**
     * How long an escape byte waits for the rest of a sequence before it counts as the Escape key.
     *
     * @return the timeout
     */
    public Duration escapeTimeout() {
        return escapeTimeout;
    }

    /**
     * The channels whose elements arrive as {@link Event.Message}s.
     *
     * @return an unmodifiable list
     */
    public List<Channel<?>> channels() {
        return channels;
    }

    /**
     * Builds a {@link TuiConfig}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int maxFps = 60;
        private @Nullable Duration tick;
        private boolean alternateScreen = true;
        private boolean hideCursor = true;
        private boolean mouse;
        private boolean focus;
        private boolean bracketedPaste = true;
        private boolean synchronizedOutput = true;
        private boolean exitOnInterrupt = true;
        private boolean suspendOnCtrlZ = true;
        private int mailboxCapacity = 1024;
        private Duration escapeTimeout = Duration.ofMillis(25);
        private final List<Channel<?>> channels = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the most frames drawn per second (default 60).
         *
         * @param fps 1..{@value TuiConfig#MAX_FPS}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxFps(int fps) {
            if (fps < 1 || fps > MAX_FPS) {
                throw new IllegalArgumentException("maxFps must be 1.." + MAX_FPS + " but was " + fps
                        + "; terminals cannot show more, and a busy model is drawn at this rate anyway");
            }
            this.maxFps = fps;
            return this;
        }

        /**
         * Turns the ticker on: a {@link Event.Tick} every {@code period} of the runtime's clock, missed ticks
         * skipped. Off (null) by default: an idle app then wakes for nothing.
         *
         * @param period positive, or null for no ticks
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder tick(@Nullable Duration period) {
            if (period != null && (period.isNegative() || period.isZero())) {
                throw new IllegalArgumentException("tick must be positive but was " + period + "; pass null for none");
            }
            this.tick = period;
            return this;
        }

        /**
         * Draws on the alternate screen (default true).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder alternateScreen(boolean on) {
            this.alternateScreen = on;
            return this;
        }

        /**
         * Hides the cursor while running (default true).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder hideCursor(boolean on) {
            this.hideCursor = on;
            return this;
        }

        /**
         * Reports mouse events (default false).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder mouse(boolean on) {
            this.mouse = on;
            return this;
        }

        /**
         * Reports focus events (default false).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder focus(boolean on) {
            this.focus = on;
            return this;
        }

        /**
         * Delivers pastes as one event (default true).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder bracketedPaste(boolean on) {
            this.bracketedPaste = on;
            return this;
        }

        /**
         * Wraps each frame in synchronized output (default true).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder synchronizedOutput(boolean on) {
            this.synchronizedOutput = on;
            return this;
        }

        /**
         * Ends the loop with status 130 on Ctrl-C (default true); false delivers {@link Event.Interrupt}.
         *
         * @param on whether to
         * @return this builder
         */
        public Builder exitOnInterrupt(boolean on) {
            this.exitOnInterrupt = on;
            return this;
        }

        /**
         * Suspends on Ctrl-Z (default true); false delivers it as a key.
         *
         * @param on whether to
         * @return this builder
         */
        public Builder suspendOnCtrlZ(boolean on) {
            this.suspendOnCtrlZ = on;
            return this;
        }

        /**
         * Sets the mailbox's capacity (default 1024).
         *
         * @param capacity 1 or more
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder mailboxCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("mailboxCapacity must be >= 1 but was " + capacity
                        + "; use offerLatest for values where only the latest counts");
            }
            this.mailboxCapacity = capacity;
            return this;
        }

        /**
         * Sets how long an escape byte waits for the rest of a sequence (default 25 ms).
         *
         * @param timeout 1 ms to 1 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder escapeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1 || timeout.toMillis() > 1000) {
                throw new IllegalArgumentException("escapeTimeout must be 1 ms..1 s but was " + timeout);
            }
            this.escapeTimeout = timeout;
            return this;
        }

        /**
         * Adds a channel whose elements arrive as {@link Event.Message}s; the loop stops listening when it closes.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder listen(Channel<?> channel) {
            channels.add(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new configuration
         */
        public TuiConfig build() {
            return new TuiConfig(this);
        }
    }
}
