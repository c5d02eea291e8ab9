package io.zsync;

import io.zsync.channel.Channel;
import io.zsync.channel.ChannelClosedException;
import io.zsync.internal.channel.AbstractChannel;
import io.zsync.internal.sync.MutexImpl;
import io.zsync.internal.sync.SemaphoreImpl;
import io.zsync.sync.Mutex;
import io.zsync.sync.Semaphore;
import io.zsync.internal.select.Selector;
import io.zsync.internal.task.TaskImpl;
import io.zsync.internal.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Waits on several alternatives and takes exactly one: a receive from a channel, a send to a channel, a task's
 * completion, a permit of a semaphore, the lock of a mutex, a timeout, or a default when nothing is ready. Each
 * alternative carries the code that turns its value into the select's result.
 *
 * <pre>{@code
 * String next = Zsync.<String>select()
 *         .onRecv(orders, order -> "order " + order.id())
 *         .onRecv(cancels, c -> "cancel " + c.id(), () -> "cancels closed")
 *         .onSend(audit, event, () -> "audited")
 *         .onAwait(refresh, token -> "refreshed")
 *         .onTimeout(Duration.ofSeconds(5), () -> "idle")
 *         .await();
 * }</pre>
 *
 * <p><b>Losing alternatives have no effect at all.</b> A receive alternative that loses took no element; a send
 * alternative that loses added none; an acquire or lock alternative that loses holds no permit and no lock. Channels
 * serve a select through a claim on its shared state that only one of them can win (the hook documented on {@link
 * Channel}), so this holds under any interleaving, and for any number of selects, senders and receivers on the same
 * channels.
 *
 * <p><b>Fair by default:</b> when several alternatives are ready, each is equally likely to be taken, so a busy
 * channel cannot starve another. {@link #ordered()} prefers the first ready alternative in the order they were added
 * instead. A timeout that expires at the moment another alternative is ready loses to it.
 *
 * <p><b>Ends.</b> A receive alternative on a closed and drained channel is ready: with an {@code onClosed} handler
 * that handler runs, without one the select throws {@link ChannelClosedException} (as {@link Channel#recv()} would). A
 * send alternative on a closed channel is ready and throws {@link ChannelClosedException}. A task alternative that
 * failed makes {@link #onAwait} throw as {@link Task#await()} does; {@link #onJoin} gets the {@link Outcome} instead.
 *
 * <p>Works on virtual and platform threads; a cancelled task (an interrupted thread) wakes from {@link #await()} with
 * {@link TaskCancelledException} and no alternative takes effect. The timeout reads the clock of the calling task's
 * runtime (see {@link ManualClock}).
 *
 * <p>A {@code Select} is built and awaited by one thread; it may be awaited again (in a loop) once the previous
 * {@link #await()} has returned. Handlers run on the awaiting thread, after the choice is made.
 *
 * @param <R> the result type
 */
public final class Select<R> {
    private final List<Selector.Clause> clauses = new ArrayList<>();
    private final List<Function<Object, ? extends R>> handlers = new ArrayList<>();
    private @Nullable Duration timeout;
    private @Nullable Supplier<? extends R> onTimeout;
    private @Nullable Supplier<? extends R> orElse;
    private boolean ordered;
    private @Nullable List<MutexImpl> locks;   // the onLock mutexes, checked for the caller's ownership by await

    Select() {
    }

    /**
     * Adds a receive from {@code channel}; a closed and drained channel makes {@link #await()} throw
     * {@link ChannelClosedException}.
     *
     * @param channel the channel to receive from
     * @param onElement turns the element received into the result
     * @param <E> the element type
     * @return this select
     */
    public <E> Select<R> onRecv(Channel<E> channel, Function<? super E, ? extends R> onElement) {
        Objects.requireNonNull(onElement, "onElement must not be null: pass the code to run with the element");
        return onRecv(channel, onElement, null);
    }

    /**
     * Adds a receive from {@code channel}, with the code to run if it is closed and drained (its end).
     *
     * @param channel the channel to receive from
     * @param onElement turns the element received into the result
     * @param onClosed gives the result when the channel has ended; if the channel failed ({@link Channel#close(
     *     Throwable)}), {@link #await()} throws {@link ChannelClosedException} with the cause instead
     * @param <E> the element type
     * @return this select
     */
    public <E> Select<R> onRecv(Channel<E> channel, Function<? super E, ? extends R> onElement,
                                @Nullable Supplier<? extends R> onClosed) {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(onElement, "onElement must not be null: pass the code to run with the element");
        AbstractChannel<E> impl = (AbstractChannel<E>) channel;
        clauses.add(impl.recvClause());
        handlers.add(outcome -> {
            if (outcome == Selector.CLOSED) {
                if (onClosed == null || impl.closeCause() != null) {
                    throw impl.closedError(false);   // the channel's own closed-and-drained error, with its cause
                }
                return onClosed.get();
            }
            @SuppressWarnings("unchecked")
            E e = (E) outcome;
            return onElement.apply(e);
        });
        return this;
    }

    /**
     * Adds a send of {@code element} to {@code channel}. If another alternative wins, the element was not sent.
     *
     * @param channel the channel to send to
     * @param element what to send, not null
     * @param onSent gives the result once the element is in the channel (or handed to a receiver)
     * @param <E> the element type
     * @return this select
     */
    public <E> Select<R> onSend(Channel<E> channel, E element, Supplier<? extends R> onSent) {
        Objects.requireNonNull(channel, "channel must not be null");
        Objects.requireNonNull(element, "element must not be null (§2.13)");
        Objects.requireNonNull(onSent, "onSent must not be null: pass the code to run once the element is sent");
        AbstractChannel<E> impl = (AbstractChannel<E>) channel;
        clauses.add(impl.sendClause(element));
        handlers.add(outcome -> {
            if (outcome == Selector.CLOSED) {
                throw impl.closedError(true);   // the channel's own closed-channel error, with its cause
            }
            return onSent.get();
        });
        return this;
    }

    /**
     * Adds the completion of {@code task}, passing its value; if the task failed or was cancelled, {@link #await()}
     * throws as {@link Task#await()} does.
     *
     * @param task the task to wait for
     * @param onValue turns the task's result into the select's result
     * @param <T> the task's result type
     * @return this select
     */
    public <T> Select<R> onAwait(Task<T> task, Function<? super T, ? extends R> onValue) {
        Objects.requireNonNull(onValue, "onValue must not be null: pass the code to run with the task's result");
        return onJoin(task, outcome -> onValue.apply(task.await()));
    }

    /**
     * Adds the completion of {@code task}, passing its outcome, whatever it is.
     *
     * @param task the task to wait for
     * @param onOutcome turns the task's outcome into the select's result
     * @param <T> the task's result type
     * @return this select
     */
    public <T> Select<R> onJoin(Task<T> task, Function<? super Outcome<T>, ? extends R> onOutcome) {
        Objects.requireNonNull(task, "task must not be null");
        Objects.requireNonNull(onOutcome, "onOutcome must not be null: pass the code to run with the task's outcome");
        TaskImpl<T> impl = (TaskImpl<T>) task;
        clauses.add(impl.completionClause());
        handlers.add(outcome -> {
            @SuppressWarnings("unchecked")
            Outcome<T> o = (Outcome<T>) outcome;
            return onOutcome.apply(o);
        });
        return this;
    }

    /**
     * Adds the acquiring of a permit of {@code semaphore}. Taken, the select holds the permit and {@code onAcquired}
     * gives the result: the caller must {@link Semaphore#release()} it (if {@code onAcquired} throws, the permit is
     * released). Losing, it holds no permit. A waiting select queues for a permit in FIFO order with the semaphore's
     * other waiters; a permit handed to it at the moment another alternative wins goes to the next waiter.
     *
     * @param semaphore the semaphore
     * @param onAcquired gives the result once the permit is held
     * @return this select
     */
    public Select<R> onAcquire(Semaphore semaphore, Supplier<? extends R> onAcquired) {
        Objects.requireNonNull(semaphore, "semaphore must not be null");
        Objects.requireNonNull(onAcquired, "onAcquired must not be null: pass the code to run holding the permit");
        clauses.add(((SemaphoreImpl) semaphore).acquireClause());
        handlers.add(outcome -> holding(onAcquired, semaphore::release));
        return this;
    }

    /**
     * Adds the locking of {@code mutex}. Taken, the calling thread owns the mutex and {@code onLocked} gives the
     * result: the caller must {@link Mutex#unlock()} it (if {@code onLocked} throws, it is unlocked). Losing, it
     * holds no lock. Selecting on a mutex the calling thread owns already fails with the error
     * {@link Mutex#lock()} gives (it would wait for itself).
     *
     * @param mutex the mutex
     * @param onLocked gives the result once the lock is held
     * @return this select
     */
    public Select<R> onLock(Mutex mutex, Supplier<? extends R> onLocked) {
        Objects.requireNonNull(mutex, "mutex must not be null");
        Objects.requireNonNull(onLocked, "onLocked must not be null: pass the code to run holding the lock");
        MutexImpl m = (MutexImpl) mutex;
        clauses.add(m.lockClause());
        handlers.add(outcome -> holding(onLocked, mutex::unlock));
        if (locks == null) {
            locks = new ArrayList<>(1);
        }
        locks.add(m);
        return this;
    }

    /** Runs the handler of an alternative that took a permit, giving the permit back if the handler throws. */
    private static <R> R holding(Supplier<? extends R> handler, Runnable giveBack) {
        try {
            return handler.get();
        } catch (Throwable failure) {
            try {
                giveBack.run();
            } catch (Throwable second) {
                failure.addSuppressed(second);
            }
            throw failure;
        }
    }

    /**
     * Adds a timeout: if no other alternative is ready {@code after} from the start of {@link #await()}, the select
     * takes this one. At most one timeout per select.
     *
     * @param after zero or more, on the clock of the calling task's runtime
     * @param onTimeout gives the result on timeout
     * @return this select
     * @throws IllegalArgumentException if {@code after} is negative, or a timeout was already added
     */
    public Select<R> onTimeout(Duration after, Supplier<? extends R> onTimeout) {
        Objects.requireNonNull(after, "after must not be null");
        Objects.requireNonNull(onTimeout, "onTimeout must not be null: pass the code to run on timeout");
        if (after.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or more but was " + after
                    + "; use orElse(...) for an alternative that runs when nothing is ready now");
        }
        if (this.timeout != null) {
            throw new IllegalArgumentException("this select already has a timeout (" + this.timeout
                    + "): add at most one; use the shorter one");
        }
        this.timeout = after;
        this.onTimeout = onTimeout;
        return this;
    }

    /**
     * Adds a default: if no other alternative is ready now, {@link #await()} does not wait and returns this.
     *
     * @param onNothingReady gives the result when nothing is ready
     * @return this select
     * @throws IllegalArgumentException if a default was already added
     */
    public Select<R> orElse(Supplier<? extends R> onNothingReady) {
        Objects.requireNonNull(onNothingReady, "onNothingReady must not be null");
        if (orElse != null) {
            throw new IllegalArgumentException("this select already has a default: add at most one");
        }
        this.orElse = onNothingReady;
        return this;
    }

    /**
     * Prefers the first ready alternative, in the order they were added, instead of a random ready one. A
     * consistently ready early alternative can then starve later ones.
     *
     * @return this select
     */
    public Select<R> ordered() {
        this.ordered = true;
        return this;
    }

    /**
     * Waits until one alternative is ready, takes it, and returns what its handler returns.
     *
     * @return the chosen alternative's result
     * @throws IllegalArgumentException if no alternative was added
     * @throws TaskCancelledException if the calling thread is interrupted (its task cancelled) first; no
     *     alternative took effect, and the interrupt flag stays set
     * @throws ChannelClosedException as described for closed channels in the class documentation
     * @throws IllegalStateException if an {@link #onLock} mutex is owned by the calling thread: always, whichever
     *     alternative is ready
     */
    public R await() {
        if (clauses.isEmpty() && timeout == null && orElse == null) {
            throw new IllegalArgumentException("select has no alternatives: add onRecv, onSend, onAwait, onJoin,"
                    + " onAcquire, onLock, onTimeout or orElse before await()");
        }
        if (locks != null) {
            for (MutexImpl m : locks) {
                m.checkNotOwnedByCaller("select onLock");   // a bug whether or not another alternative wins
            }
        }
        Clock clock = TaskImpl.currentClock();
        Duration t = timeout;
        long deadline = t == null ? 0L : clock.deadlineAfter(t);
        Selector.Chosen chosen = Selector.select(clauses, ordered, orElse == null, t != null, deadline, clock);
        if (chosen != null) {
            return handlers.get(chosen.index()).apply(chosen.outcome());
        }
        Supplier<? extends R> fallback = orElse != null ? orElse : Objects.requireNonNull(onTimeout);
        return fallback.get();
    }
}
