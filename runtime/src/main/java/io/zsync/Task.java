package io.zsync;

import java.time.Duration;
import java.util.concurrent.Flow;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * A handle to code running concurrently: the result of {@link Zsync#spawn(java.util.concurrent.Callable)}. Await its
 * result, poll it, cancel it, or subscribe to it: a task is also a one-element {@link Publisher} and
 * {@link Flow.Publisher}, so {@code Flux.from(task)}, {@code Flowable.fromPublisher(task)} and any {@code Flow}
 * consumer take it as it is.
 *
 * <p>Named {@code Task} rather than {@code Future} so that it does not clash with
 * {@link java.util.concurrent.Future}; {@link TaskExecutor#submit(java.util.concurrent.Callable)} gives you one of
 * those when JDK-facing code wants it.
 *
 * <h2>Lifecycle</h2>
 * A task is {@link TaskState#PENDING} until its body returns ({@link TaskState#SUCCEEDED}), throws
 * ({@link TaskState#FAILED}) or is cancelled ({@link TaskState#CANCELLED}). {@link #cancel()} interrupts the body; the
 * task stays pending until the body has actually stopped, so that once a task is done nothing of it runs any more.
 * Once cancel has taken effect the outcome is {@code CANCELLED}, whatever the body then returns. A body that ends by
 * throwing a {@link java.util.concurrent.CancellationException} (such as the {@link TaskCancelledException} of awaiting
 * a cancelled task) is {@code CANCELLED} too, with that exception as the cause: cancellation propagates, it is not a
 * failure.
 *
 * <h2>Parents and children</h2>
 * A task spawned while another task of the same runtime runs is that task's child: cancelling the parent cancels its
 * children (and theirs). A child may outlive a parent that finished normally; its runtime still cancels it on close.
 *
 * <h2>Failures are never lost</h2>
 * {@link #await()} rethrows the body's exception as the cause of a {@link TaskFailedException}. A failed task that
 * nobody awaited, joined, polled to its failure or subscribed to is reported to the runtime's uncaught handler
 * ({@link Config#uncaughtHandler()}) when its handle is garbage collected, or when its runtime closes, whichever comes
 * first.
 *
 * <h2>As a Publisher</h2>
 * Each subscriber gets, once it has requested at least one element, the result and then {@code onComplete}; a task
 * whose result is {@code null} (a {@code Runnable} body) completes without {@code onNext}. A failed task signals
 * {@code onError} with the body's exception, a cancelled one {@code onError} with a {@link TaskCancelledException};
 * neither waits for a request. Nothing is emitted before {@code request(n > 0)}; {@code request(n <= 0)} signals
 * {@code onError} with an {@link IllegalArgumentException} (§3.9). Cancelling a subscription only unsubscribes: the
 * task keeps running. A task has two {@code subscribe} overloads, one per interface family; pass a
 * {@code null} subscriber and the compiler asks you which.
 *
 * <p>Thread-safe: any method may be called from any thread.
 * <p>Memory consistency effects: actions of the task's body happen-before actions following a successful return from
 * {@link #await()}, {@link #join()} or a {@link #poll()} that sees the outcome, and before the subscriber's
 * {@code onNext}, {@code onError} or {@code onComplete}.
 *
 * @param <T> the type of the result
 * @since 0.1
 */
public sealed interface Task<T> extends Publisher<T>, Flow.Publisher<T> permits io.zsync.internal.task.TaskImpl {

    /**
     * Returns this task's name, {@code "main"} for the root task of {@link Zsync#run(java.util.concurrent.Callable)}
     * and {@code "task-<n>"} otherwise, where {@code n} is unique and numbers tasks in the order their names (or
     * hash codes) were first asked for, not the order they were spawned. Used in reports of failures and of tasks
     * left running.
     *
     * @return the name
     */
    String name();

    /**
     * Waits for this task to finish and returns its result.
     *
     * <p><b>Blocking and cancellation:</b> parks the calling thread (cheap on a virtual thread). If the calling thread
     * is interrupted (its own task cancelled), this throws {@link TaskCancelledException} with the interrupt flag
     * still set; the awaited task is not affected. Under {@link ExecutionModel#BLOCKING} a task that has not started
     * runs here, on the calling thread.
     *
     * @return the body's result; {@code null} for a {@code Runnable} body
     * @throws TaskFailedException if the body threw; {@link Throwable#getCause()} is what it threw
     * @throws TaskCancelledException if the task was cancelled, or the calling thread was interrupted while waiting
     * @throws IllegalStateException if a task awaits itself, which could never return
     */
    T await();

    /**
     * Waits at most {@code timeout} for this task to finish and returns its result. On timeout the task keeps
     * running; call {@link #cancel()} to stop it.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #await()}.
     *
     * @param timeout how long to wait at most; zero or less checks without waiting
     * @return the body's result; {@code null} for a {@code Runnable} body
     * @throws TaskTimeoutException if the task did not finish within {@code timeout}
     * @throws TaskFailedException if the body threw; {@link Throwable#getCause()} is what it threw
     * @throws TaskCancelledException if the task was cancelled, or the calling thread was interrupted while waiting
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalStateException if a task awaits itself
     */
    T await(Duration timeout);

    /**
     * Waits for this task to finish, whatever it comes to, and returns its outcome; unlike {@link #await()} it does
     * not throw the task's failure.
     *
     * <p><b>Blocking and cancellation:</b> as {@link #await()}.
     *
     * @return the outcome: never {@link Outcome.Pending}
     * @throws TaskCancelledException if the calling thread was interrupted while waiting (its flag stays set)
     * @throws IllegalStateException if a task joins itself
     */
    Outcome<T> join();

    /**
     * Runs {@code action} once this task is done: on the thread that completes it, or at once on the calling thread
     * if it is done already. Meant for quick bookkeeping — wake something, complete a future — that reads the outcome
     * with {@link #poll()}. Registering does not start a task under the blocking model. If {@code action} throws,
     * the exception goes to the runtime's uncaught handler.
     *
     * @param action what to run
     * @throws NullPointerException if {@code action} is null
     */
    void whenComplete(Runnable action);

    /**
     * Returns the outcome if the task has finished, else {@link Outcome#pending()}. Never blocks.
     *
     * @return the outcome so far
     */
    Outcome<T> poll();

    /**
     * Returns the task's state; a racy snapshot unless the task is done.
     *
     * @return the state
     */
    TaskState state();

    /**
     * Returns whether the task has finished (succeeded, failed or cancelled). A task that is cancelled but still
     * unwinding is not done yet.
     *
     * @return whether {@link #poll()} would return a terminal outcome
     */
    boolean isDone();

    /**
     * Cancels this task and its children: a task that has not started never runs; a running one is interrupted, and
     * ends as {@link TaskState#CANCELLED} once its body returns. Idempotent; never blocks; never throws.
     *
     * @return {@code true} if this call cancelled the task; {@code false} if it had finished or was already cancelled
     */
    boolean cancel();

    /**
     * Cancels this task's children (the tasks spawned from its body that have not finished) but not this task; tasks
     * it spawns afterwards are children as usual. A loop that spawns helpers for each unit of work (a request, a
     * message, a frame) calls it at each unit's end so that no helper outlives its unit, as kotlinx.coroutines'
     * {@code Job.cancelChildren()}. Cancelling a child cancels its own children too. Returns at once: it does not
     * wait for the children to finish unwinding. Idempotent; never throws; a no-op on a task without children and on
     * a cancelled task (its {@link #cancel()} reached them already).
     */
    void cancelChildren();

    /**
     * Subscribes a Reactive Streams subscriber; see "As a Publisher" above.
     *
     * @param subscriber receives the result
     * @throws NullPointerException if {@code subscriber} is null (§1.9)
     */
    @Override
    void subscribe(Subscriber<? super T> subscriber);

    /**
     * Subscribes a {@link Flow} subscriber; see "As a Publisher" above.
     *
     * @param subscriber receives the result
     * @throws NullPointerException if {@code subscriber} is null (§1.9)
     */
    @Override
    void subscribe(Flow.Subscriber<? super T> subscriber);

    /**
     * Subscribes {@code channel} to this task: its result (if not null) is sent to the channel, whose upstream then
     * completes (closing it) or fails (closing it with the failure). A plain call that resolves the ambiguity between
     * the two {@code subscribe} methods a channel argument would otherwise match (a channel is a Subscriber of both
     * interface families).
     *
     * @param channel the channel to feed, not null
     * @throws NullPointerException if {@code channel} is null
     */
    default void subscribe(io.zsync.channel.Channel<? super T> channel) {
        subscribe((Subscriber<? super T>) channel);
    }
}
