package io.zsync.streams.internal;

import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.streams.Emitter;
import io.zsync.streams.Generator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;

/**
 * {@code generate}: each subscription runs the generator as a task; {@code emit} hands an element to the subscriber
 * on the generator's thread once there is demand, and parks while there is none.
 */
public final class PublisherGenerate<T> implements Publisher<T> {
    private final Generator<T> generator;
    private final Launcher launcher;

    public PublisherGenerate(Generator<T> generator, Launcher launcher) {
        this.generator = generator;
        this.launcher = launcher;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber must not be null (§1.9)");
        GenerateSubscription<T> subscription = new GenerateSubscription<>(subscriber, generator);
        subscriber.onSubscribe(subscription);
        subscription.start(launcher);
    }

    static final class GenerateSubscription<T> implements BothSubscription, Emitter<T> {
        /*
         * Implementation notes.
         *
         * Roles: the generator's thread calls emit (so onNext is serial, §1.3) and ends the stream when the
         * generator returns or throws; request and cancel come from any thread. `requested` is the total demand
         * (saturating), `emitted` the generator's count: there is demand while emitted < requested. The generator
         * parks after writing `waiter` and re-reading `requested` (both volatile); request raises `requested` (a
         * CAS) and then reads `waiter`: no wake-up is lost. A bad request (§3.9) and cancel set `cancelled` and
         * cancel the task (interrupting the generator); the §3.9 error reaches the subscriber through Signals,
         * serialized with an onNext the generator may be in.
         */
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<GenerateSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(GenerateSubscription.class, "requested");

        private final Generator<T> generator;
        private final Signals<T> downstream;
        private volatile long requested;                 // total demand; MAX = unbounded
        private long emitted;                            // generator's thread only
        private volatile @Nullable Thread waiter;        // the generator, parked for demand
        private volatile boolean cancelled;              // cancel or bad request: stop emitting
        private volatile @Nullable Task<Void> task;      // the generator's task, once spawned

        GenerateSubscription(Subscriber<? super T> subscriber, Generator<T> generator) {
            this.generator = generator;
            this.downstream = new Signals<>(subscriber, this::stop);
        }

        void start(Launcher launcher) {
            if (cancelled) {
                return;
            }
            try {
                task = launcher.spawn(this::run);
            } catch (RuntimeException rejected) {
                downstream.error(rejected);   // the runtime closed since assembly
                return;
            }
            if (cancelled) {
                stop();
            }
        }

        private void run() {
            try {
                generator.generate(this);
            } catch (Throwable failure) {
                Demand.throwIfFatal(failure);
                if (!cancelled) {
                    downstream.error(failure);
                }
                return;
            }
            downstream.complete();
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
            return new TaskCancelledException("emit: the subscriber cancelled, so the generator was cancelled;"
                    + " let this exception propagate so the generator ends");
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
            Task<Void> t = task;
            if (t != null) {
                t.cancel();
            }
        }
    }
}
