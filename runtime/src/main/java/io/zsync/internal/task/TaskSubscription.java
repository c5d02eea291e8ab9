package io.zsync.internal.task;

import io.zsync.Outcome;
import io.zsync.TaskCancelledException;
import io.zsync.internal.flow.Downstream;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;

/**
 * One subscriber of a task, in either interface family: waits for both a request and the task's outcome, then
 * signals once.
 */
final class TaskSubscription<T> extends TaskImpl.Waiter implements Subscription, Flow.Subscription {
    /*
     * Implementation notes.
     *
     * Two events race: the first request(n > 0) sets REQUESTED, the task's completion sets RESULT. The thread whose
     * CAS brings both together also sets TERMINATED in the same CAS and emits onNext + onComplete, so exactly one
     * thread emits, and only after a request (§1.1). A failure or cancellation outcome needs no request: the CAS that
     * sets TERMINATED emits onError. cancel() sets TERMINATED and drops the subscriber (§3.13); request(n <= 0) sets
     * TERMINATED and signals onError (§3.9). Every signal follows one successful CAS to TERMINATED, except onSubscribe,
     * which completes before the node is registered for the outcome (§1.3, §1.9).
     * Maintenance: run TaskPublisherTest and the Task*VerificationTest classes (tck) after a change.
     */

    private static final int REQUESTED = 1;    // a request(n > 0) arrived
    private static final int RESULT = 2;       // the task's outcome is available
    private static final int TERMINATED = 4;   // a terminal signal was sent or the subscription was cancelled

    // Field updaters rather than VarHandles: a VarHandle's first use spins method-handle forms, ~10 ms of every
    // program's startup (bench/exit-latency.sh); an updater is a plain atomic underneath. Same orderings.
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<TaskSubscription> STATE =
            AtomicIntegerFieldUpdater.newUpdater(TaskSubscription.class, "state");

    private final TaskImpl<T> task;
    private final Downstream<T> downstream;                        // detached on cancel and termination (§3.13)
    private volatile int state;                                    // bits above; CAS via STATE; never cleared

    TaskSubscription(TaskImpl<T> task, Downstream<T> downstream) {
        this.task = task;
        this.downstream = downstream;
    }

    /** Calls onSubscribe, then registers for the task's outcome. */
    void start() {
        try {
            downstream.onSubscribe(this);
        } catch (Throwable broken) {
            cancel();   // §2.13: a subscriber that throws is treated as cancelled
            Failures.report(task.core.config.uncaughtHandler(), new IllegalStateException(
                    "a subscriber of task '" + task.name() + "' threw from onSubscribe, breaking §2.13;"
                            + " its subscription was cancelled", broken));
            return;
        }
        if ((state & TERMINATED) == 0) {
            task.onComplete(this);
        }
    }

    // ---- events ----

    @Override
    public void request(long n) {
        if (n <= 0) {
            if (terminate()) {
                task.removeDeadWaiters();
                signalError(new IllegalArgumentException(
                        "§3.9 violated: positive request amount required but it was " + n));
            }
            return;
        }
        for (;;) {
            int s = state;
            if ((s & (REQUESTED | TERMINATED)) != 0) {
                return;
            }
            boolean emit = (s & RESULT) != 0;
            if (STATE.compareAndSet(this, s, emit ? s | REQUESTED | TERMINATED : s | REQUESTED)) {
                if (emit) {
                    emitResult();
                } else {
                    task.runIfDeferred();   // the blocking model runs a task when someone asks for its result
                }
                return;
            }
        }
    }

    /** The task completed. */
    @Override
    void fire() {
        Outcome<T> o = task.outcomeNow();
        if (!(o instanceof Outcome.Success<T>)) {
            if (terminate()) {
                Throwable error = o instanceof Outcome.Failure<T> f ? f.cause()
                        : new TaskCancelledException("task '" + task.name() + "' was cancelled",
                        o instanceof Outcome.Cancelled<T> c ? c.cause() : null);
                task.observedOutcome();
                signalError(error);
            }
            return;
        }
        for (;;) {
            int s = state;
            if ((s & TERMINATED) != 0) {
                return;
            }
            boolean emit = (s & REQUESTED) != 0;
            if (STATE.compareAndSet(this, s, emit ? s | RESULT | TERMINATED : s | RESULT)) {
                if (emit) {
                    emitResult();
                }
                return;
            }
        }
    }

    @Override
    boolean isDead() {
        return (state & TERMINATED) != 0;
    }

    @Override
    public void cancel() {
        if (terminate()) {
            downstream.detach();
            task.removeDeadWaiters();
        }
    }

    /** Sets TERMINATED; returns whether this call did. */
    private boolean terminate() {
        for (;;) {
            int s = state;
            if ((s & TERMINATED) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s | TERMINATED)) {
                return true;
            }
        }
    }

    // ---- signals ----

    private void emitResult() {
        Outcome.Success<T> success = (Outcome.Success<T>) task.observedOutcome();
        T value = success.value();
        try {
            if (value != null) {
                downstream.onNext(value);
            }
            downstream.onComplete();
        } catch (Throwable broken) {
            downstream.detach();
            brokenSubscriber(broken);
        }
    }

    private void signalError(Throwable error) {
        try {
            downstream.onError(error);
        } catch (Throwable broken) {
            brokenSubscriber(broken);
        }
    }

    private void brokenSubscriber(Throwable broken) {
        Failures.report(task.core.config.uncaughtHandler(), new IllegalStateException("a subscriber of task '"
                + task.name() + "' threw from a signal method, breaking §2.13; it gets no further signals", broken));
    }
}
