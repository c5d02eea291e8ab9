package io.zsync.streams.internal;

import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.internal.flow.Demand;
import io.zsync.internal.flow.Undeliverable;
import io.zsync.streams.Emitter;
import io.zsync.streams.Producer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code produce}: each subscription runs the producer as a task; {@code emit} hands an element to the subscriber
 * on the producer's thread once there is demand, and parks while there is none.
 */
public final class PublisherProduce<T> implements Publisher<T> {
    private final Producer<T> producer;
    private final Launcher launcher;

    public PublisherProduce(Producer<T> producer, Launcher launcher) {
        this.producer = producer;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        ProduceSubscription<T> subscription = new ProduceSubscription<>(subscriber, producer, launcher);
        subscriber.onSubscribe(subscription);
        subscription.start();
    }

    static final class ProduceSubscription<T> implements BothSubscription, Emitter<T> {
        /*
         * Implementation notes.
         *
         * Roles: the producer's thread calls emit (so onNext is serial, §1.3) and ends the stream when the
         * producer returns or throws; request and cancel come from any thread. `requested` is the total demand
         * (saturating), `emitted` the producer's count: there is demand while emitted < requested. The producer
         * parks after writing `waiter` and re-reading `requested` (both volatile); request raises `requested` (a
         * CAS) and then reads `waiter`: no wake-up is lost. A bad request (§3.9) and cancel set `cancelled` and
         * cancel the task (interrupting the producer); the §3.9 error reaches the subscriber through Signals,
         * serialized with an onNext the producer may be in.
         *
         * The body always runs once it was subscribed, even when the subscription ends before the task starts:
         * `phase` goes by one CAS from UNSTARTED either to RUNNING (run() entered first) or to STOPPED_EARLY (stop()
         * came first). In the latter case stop() leaves the task alone and run() enters the body interrupted, so its
         * first emit (or blocking call) throws and its finally blocks run. Cancelling a task that has not started
         * would complete it without ever running the body, and a producer's cleanup would never run (the cause of
         * AsyncIteratorTest's flaky cancellingTheConsumingTask..., reproduced by ProduceTest).
         *
         * Ends: the stream ends when the producer's task is done (whenComplete -> ended()), by its outcome, not
         * when the body returns: only the task knows whether its runtime cancelled it (a producer may swallow the
         * interrupt and return), and a task cancelled before it started never runs its body at all. After the
         * subscriber cancelled, nothing is signalled (a body failure then is undeliverable, unless it is the echo
         * of the cancel). Otherwise a cancelled task ends the stream with TaskCancelledException, never a clean
         * end; else the body's failure fails it and its return completes it.
         * Maintenance: run ProduceTest, AsyncIteratorTest and the Produce* and Interval* TCK verifications after a
         * change.
         */
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<ProduceSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(ProduceSubscription.class, "requested");
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<ProduceSubscription> PHASE =
                AtomicIntegerFieldUpdater.newUpdater(ProduceSubscription.class, "phase");
        private static final int UNSTARTED = 0;       // spawned; the body not entered yet
        private static final int RUNNING = 1;         // run() entered the body first
        private static final int STOPPED_EARLY = 2;   // stop() came first: the body runs interrupted

        private final Producer<T> producer;
        private final Signals<T> downstream;
        private final Launcher launcher;                 // the runtime that runs the producer; undeliverable errors
        private volatile long requested;                 // total demand; MAX = unbounded
        private long emitted;                            // producer's thread only
        private volatile @Nullable Thread waiter;        // the producer, parked for demand
        private volatile boolean cancelled;              // cancel or bad request: stop emitting
        private volatile @Nullable Task<Void> task;      // the producer's task, once spawned
        private volatile int phase;                      // UNSTARTED, then RUNNING or STOPPED_EARLY; CAS via PHASE
        private @Nullable Throwable bodyFailure;         // by the producer's thread; its task's completion publishes it

        ProduceSubscription(Subscriber<? super T> subscriber, Producer<T> producer, Launcher launcher) {
            this.producer = producer;
            this.launcher = launcher;
            this.downstream = new Signals<>(subscriber, this::stop, launcher);
        }

        void start() {
            if (cancelled) {
                return;
            }
            try {
                task = launcher.spawn(this::run);
            } catch (RuntimeException rejected) {
                downstream.error(rejected);   // the runtime closed since assembly
                return;
            }
            Task<Void> t = task;
            if (cancelled && phase == RUNNING && t != null) {
                t.cancel();   // stop() ran before `task` was set, after run() had entered the body
            }
            if (t != null) {
                t.whenComplete(() -> ended(t));
            }
        }

        private void run() {
            if (!PHASE.compareAndSet(this, UNSTARTED, RUNNING)) {
                Thread.currentThread().interrupt();   // STOPPED_EARLY: run the body cancelled, so its cleanup runs
            }
            try {
                producer.produce(this);
            } catch (Throwable t) {
                Undeliverable.throwIfFatal(t);
                bodyFailure = t;   // ended() signals it, once the task's outcome says whether it was cancelled
            }
        }

        /** The producer's task is done (whether its body ran or not): ends the stream by its outcome. */
        private void ended(Task<Void> t) {
            Throwable failure = bodyFailure;
            if (cancelled) {
                if (failure != null) {
                    launcher.undeliverable(failure);   // nobody listens; the echo of our cancel is dropped there
                }
            } else if (t.poll() instanceof Outcome.Cancelled<?>) {
                downstream.error(cancelledByRuntime(failure));   // cancellation is never a clean end
            } else if (failure != null) {
                downstream.error(failure);
            } else {
                downstream.complete();
            }
        }

        /** The error of a stream whose producer's task was cancelled by its runtime, not by the subscriber. */
        private static TaskCancelledException cancelledByRuntime(@Nullable Throwable echo) {
            return new TaskCancelledException("produce: the producer's task was cancelled by its runtime (closed, or"
                    + " the task cancelled), not by the subscriber, so the stream did not end normally", echo);
        }

        @Override
        public void emit(T item) {
            Objects.requireNonNull(item, "emit(null): elements must not be null (§2.13)");
            int round = 0;
            while (emitted == requested) {
                if (cancelled) {
                    throw cancelled();
                }
                if (!Idle.pause(round++)) {
                    waiter = Thread.currentThread();
                    if (emitted == requested && !cancelled) {
                        LockSupport.park(this);
                    }
                    waiter = null;
                    if (Thread.currentThread().isInterrupted()) {
                        throw cancelled();
                    }
                }
            }
            if (cancelled) {
                throw cancelled();
            }
            if (requested != Long.MAX_VALUE) {
                emitted++;
            }
            if (!downstream.next(item)) {
                throw cancelled();
            }
        }

        private static TaskCancelledException cancelled() {
            return new TaskCancelledException("emit: the stream was cancelled (by its subscriber, or the producer's"
                    + " task by its runtime); let this exception propagate so the producer ends");
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                stop();
                downstream.error(Demand.badRequest(n));   // §3.9
                return;
            }
            Demand.add(REQUESTED, this, n);
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        @Override
        public void cancel() {
            downstream.cancel();
            stop();
        }

        private void stop() {
            cancelled = true;
            if (PHASE.compareAndSet(this, UNSTARTED, STOPPED_EARLY)) {
                return;   // run() will enter the body interrupted; cancelling the task now would skip the body
            }
            Task<Void> t = task;
            if (t != null) {
                t.cancel();
            }
        }
    }
}
