package io.zsync.jsonrpc.internal;

import io.zsync.ExecutionModel;
import io.zsync.Outcome;
import io.zsync.Task;
import io.zsync.TaskCancelledException;
import io.zsync.TaskScope;
import io.zsync.Zsync;
import io.zsync.ZsyncRuntime;
import io.zsync.channel.Channel;
import io.zsync.channel.ChannelResult;
import io.zsync.jsonrpc.Client;
import io.zsync.jsonrpc.Context;
import io.zsync.jsonrpc.ErrorCodes;
import io.zsync.jsonrpc.JsonRpcException;
import io.zsync.jsonrpc.Progress;
import io.zsync.sync.Semaphore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One connection being served: the reader thread, the dispatcher (the serving task, or one of its own), the lanes, the
 * request and notification tasks, the writer task, and the server's own requests to the client.
 */
final class Endpoint implements Client {
    /*
     * Maintainer notes.
     *
     * Threads. The reader is a daemon platform thread, not a task: a read of standard input cannot be interrupted,
     * and a task blocked in it would keep Zsync.run from returning after the client is gone. It parses each frame,
     * handles responses (completing the server's requests), cancellations and LSP's exit itself, registers each
     * request in `inflight` (so a cancellation in the same write finds it), and sends everything else into the
     * bounded `inbound` channel; a full channel stops it reading. The dispatcher (the task that called serve, or
     * a task of its own on a virtual thread if that runs on a platform thread, as Zsync.run's main does) takes
     * messages in order and puts them on lanes; it never waits on a handler, only on `queued` (room for notifications
     * on lanes) and on the inbound channel. A request the reader dispatches itself when the dispatcher has nothing
     * of the reader's left (`undispatched`, counted up before each send, down after each dispatch, is 0): then
     * nothing sent before it is still undispatched, so the order holds, and the reader and the dispatcher never
     * dispatch at the same time (the count's write after a dispatch and its read before the next pass the lanes from
     * one to the other, as the channel does the other way). Dispatching a request never waits, so the reader's rule
     * holds; it saves a lone request the dispatcher's wake-up. Handlers run in tasks of a supervisor scope; the writer
     * in a task of its own, ended after the scope so it writes what the handlers queued. A handler's task writes its
     * answer itself when nothing is queued or being written and the stream is standard output (Outbox.tryDirect): a
     * lone request then costs no wake-up of the writer. The reader and the dispatcher always queue: they must never
     * wait on a client that does not read.
     *
     * Lanes (dispatch state: the dispatcher's, or the reader's while it dispatches a request). Notifications and
     * exclusive requests are the lane's writers, requests its readers. A writer waits for the previous writer's gate
     * and the gates of the readers queued since; a reader for the previous writer's gate. A reader's gate opens when it
     * returns or releases the lane; a writer's when it ends. A cancelled reader opens its gate at once (writers after
     * it still wait for the writer before it). A cancelled exclusive request is not interrupted while it waits for its
     * lane: it keeps its place so the order holds, and answers "cancelled" without running when its turn comes.
     *
     * Notifications of a lane run in one task while they keep coming (spawned by the dispatcher when the first
     * arrives, ended when the lane's queue is empty): a flood costs no task per message.
     *
     * A task cancelled before its body starts never runs it (the runtime's rule), so each task's completion also
     * answers for it and opens its gate (whenComplete): without that, a cancellation racing the spawn left the request
     * unanswered and its lane shut (LanesAndCancellationTest hung on it).
     *
     * Each request is answered exactly once (`answered`): its result, its error, or the cancellation; nothing once
     * the connection is ending. MCP answers nothing for a cancelled request (its rule).
     */

    private static final int WAITING_LANE = 0;
    private static final int WAITING_PERMIT = 1;
    private static final int RUNNING = 2;

    final Spec spec;
    private final InputStream in;
    final Outbox outbox;
    private final Channel<Inbound> inbound;
    private final Semaphore queued;
    private final Semaphore running;
    private final Map<String, InRequest> inflight = new ConcurrentHashMap<>();
    private final Map<String, OutRequest> outstanding = new ConcurrentHashMap<>();
    private final Set<Task<?>> clientTasks = ConcurrentHashMap.newKeySet();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicInteger inboundHighWater = new AtomicInteger();
    private volatile int status;
    private volatile long framesRead;   // written by the reader thread only
    private volatile @Nullable ZsyncRuntime runtime;
    private volatile @Nullable Thread dispatcher;
    private volatile @Nullable Thread reader;
    private volatile @Nullable TaskScope handlerScope;
    private final AtomicInteger undispatched = new AtomicInteger();   // sent to the dispatcher, not yet dispatched
    private volatile @Nullable Throwable dispatchFailure;             // what dispatching failed with on the reader
    final Lsp.State lsp = new Lsp.State();
    private int dispatched;

    Endpoint(Spec spec, InputStream in, OutputStream out) {
        this.spec = spec;
        this.in = in;
        this.outbox = new Outbox(spec.framing, out, spec.noteLimit, this);
        this.inbound = Zsync.bounded(spec.capacity);
        this.queued = Semaphore.create(spec.capacity);
        this.running = Semaphore.create(spec.maxConcurrent);
    }

    /** A message for the dispatcher. */
    private record Inbound(String method, @Nullable JsonNode params, @Nullable InRequest request) {
    }

    /** A request from the client, from the moment the reader saw it until it is answered. */
    final class InRequest {
        final JsonNode id;
        final String key;
        final String method;
        final @Nullable Batch batch;
        final AtomicBoolean answered = new AtomicBoolean();
        volatile boolean cancelled;
        volatile int cancelCode = ErrorCodes.REQUEST_CANCELLED;
        volatile int phase = WAITING_LANE;
        volatile boolean exclusive;
        volatile @Nullable Task<?> task;
        Gate gate = Gate.OPEN;

        InRequest(JsonNode id, String method, @Nullable Batch batch) {
            this.id = id;
            this.key = Json.idKey(id);
            this.method = method;
            this.batch = batch;
        }

        /** The client (or a change to the document) cancelled it. */
        void cancel(int code) {
            if (answered.get()) {
                return;   // too late: its answer is out (or on its way); an interrupt now could only do harm
            }
            cancelCode = code;
            cancelled = true;
            Task<?> t = task;
            if (t != null && !(exclusive && phase == WAITING_LANE)) {
                t.cancel();
            }
        }
    }

    /** The responses of one batch, sent together once all are in; its fields are guarded by its monitor. */
    static final class Batch {
        final ArrayNode responses = Json.NODES.arrayNode();
        int expected;
        boolean sealed;
    }

    /** A lane's ordering state; touched by whoever dispatches (see the notes). */
    private static final class Lane {
        Gate lastWriter = Gate.OPEN;
        final List<Gate> readers = new ArrayList<>();
        final List<InRequest> requests = new ArrayList<>();
        final java.util.ArrayDeque<NoteJob> notes = new java.util.ArrayDeque<>();   // guarded by the lane's monitor
        boolean working;                                                          // a task runs `notes`; ditto
    }

    /** A notification on its lane: what it waits for, and its gate. */
    private record NoteJob(Inbound message, Spec.Handler handler, List<Gate> before, Gate gate) {
    }

    /** A request of the server's, waiting for the client's answer. */
    private static final class OutRequest {
        final Channel<JsonNode> reply = Zsync.bounded(1);
        final AtomicBoolean cancelSent = new AtomicBoolean();
    }

    // ---- serving ----

    int serve() {
        ZsyncRuntime rt = Zsync.currentRuntime().orElseThrow(() -> new IllegalStateException(
                "serve() runs in a zsync task: call it inside Zsync.run(() -> server.serve(...))"));
        if (rt.config().executionModel() == ExecutionModel.VIRTUAL_THREADS && !Thread.currentThread().isVirtual()) {
            return serveOnAVirtualThread();
        }
        runtime = rt;
        dispatcher = Thread.currentThread();
        Task<Void> writer = Zsync.spawn("jsonrpc writer", outbox::write);
        try (TaskScope handlers = TaskScope.supervisor()) {
            handlerScope = handlers;
            Thread r = Thread.ofPlatform().daemon().name("jsonrpc reader").unstarted(this::read);
            r.setUncaughtExceptionHandler(rt.config().uncaughtHandler());
            reader = r;
            r.start();
            try {
                for (;;) {
                    ChannelResult<Inbound> next = inbound.recvCatching();
                    if (next.isClosed()) {
                        break;
                    }
                    dispatch(handlers, next.orThrow());
                    undispatched.decrementAndGet();   // after: the reader may dispatch the next request itself
                }
            } finally {
                ending.set(true);
                inbound.close();
                handlers.cancel();
                for (Task<?> t : clientTasks) {
                    t.cancel();
                }
            }
        } finally {
            outbox.close();
            writer.join();
        }
        Throwable failure = dispatchFailure;
        if (failure != null) {
            throw asThrown(failure);
        }
        return status;
    }

    /**
     * serve() called on a platform thread (Zsync.run's main task runs on the program's main thread): the dispatcher
     * runs in a task of its own, on a virtual thread as the handlers' tasks it starts and the writer it wakes. On the
     * main thread each message cost a wake-up through the OS scheduler (a futex, or a sched_yield while it backed
     * off), and each task it started a submission from outside the carriers' pool: 57 against 45 µs of server CPU
     * per hover at 64 in flight (bench/jsonrpc).
     */
    private int serveOnAVirtualThread() {
        Task<Integer> dispatcherTask = Zsync.spawn("jsonrpc dispatcher", this::serve);
        try {
            // instanceof, not a pattern switch: its call site's bootstrap would cost milliseconds at exit
            Outcome<Integer> end = dispatcherTask.join();
            if (end instanceof Outcome.Success<Integer> success) {
                return success.value();
            }
            if (end instanceof Outcome.Failure<Integer> failure) {
                throw asThrown(failure.cause());
            }
            throw new TaskCancelledException("the connection's dispatcher was cancelled");
        } finally {
            if (!dispatcherTask.isDone()) {   // the caller was cancelled: the connection ends with it, as it would
                dispatcherTask.cancel();      // have had it served here; serve() returns once it has
                awaitEnd(dispatcherTask);
            }
        }
    }

    /** Waits for {@code task} to end, through interrupts; keeps the flag set if there was one. */
    private static void awaitEnd(Task<?> task) {
        boolean interrupted = Thread.interrupted();
        try {
            for (;;) {
                try {
                    task.join();
                    return;
                } catch (TaskCancelledException again) {
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What serve() threw, thrown again as it was (serve declares no checked exception). */
    private static RuntimeException asThrown(Throwable cause) {
        if (cause instanceof Error e) {
            throw e;
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    /** Ends the connection from anywhere (the client's process exited, the writer failed). */
    void end(int exitStatus) {
        if (!ending.get()) {
            status = exitStatus;
        }
        ending.set(true);
        inbound.close();
    }

    void writerFailed(IOException e) {
        trace("writing to the client failed (" + e.getMessage() + "): the connection ends");
        end(status);
    }

    // ---- the reader ----

    private void read() {
        Frames frames = Frames.reader(spec.framing, in, spec.maxMessageBytes);
        try {
            for (;;) {
                byte[] body;
                try {
                    body = frames.next();
                } catch (Frames.BadFrame bad) {
                    trace("bad frame: " + bad.getMessage());
                    sendError(null, ErrorCodes.PARSE_ERROR, "Parse error: " + bad.getMessage(), null, null);
                    continue;
                }
                if (body == null) {
                    if (spec.kind == Spec.Kind.LSP) {
                        end(lsp.shutdownReceived ? 0 : 1);
                    } else {
                        end(0);
                    }
                    return;
                }
                framesRead++;
                traceIn(body);
                if (!take(body)) {
                    return;
                }
            }
        } catch (IOException e) {
            trace("reading from the client failed (" + e.getMessage() + "): the connection ends");
            end(spec.kind == Spec.Kind.LSP && !lsp.shutdownReceived ? 1 : status);
        } catch (io.zsync.channel.ChannelClosedException | TaskCancelledException closed) {
            // the connection ended while the reader waited for room
        } finally {
            inbound.close();
        }
    }

    /** Handles one message's bytes; false once the reader should stop. */
    private boolean take(byte[] body) {
        JsonNode message;
        try {
            message = Json.parse(body);
        } catch (JacksonException e) {
            sendError(null, ErrorCodes.PARSE_ERROR, "Parse error: " + Json.firstLine(e.getOriginalMessage()),
                    null, null);
            return true;
        }
        if (message.isArray()) {
            if (!spec.batches) {
                sendError(null, ErrorCodes.INVALID_REQUEST, "Invalid Request: batches are not allowed here; send one"
                        + " message per frame", null, null);
                return true;
            }
            if (message.isEmpty()) {
                sendError(null, ErrorCodes.INVALID_REQUEST, "Invalid Request: an empty batch", null, null);
                return true;
            }
            Batch batch = new Batch();
            for (JsonNode m : message) {   // not under the batch's monitor: a send into a full channel waits for
                if (!one(m, batch)) {      // the dispatcher, which may be answering one of this batch's requests
                    return false;
                }
            }
            synchronized (batch) {
                batch.sealed = true;
                if (batch.expected == 0 && !batch.responses.isEmpty()) {
                    outbox.urgent(Json.bytes(batch.responses));
                }
            }
            return true;
        }
        return one(message, null);
    }

    private boolean one(JsonNode m, @Nullable Batch batch) {
        if (!m.isObject()) {
            sendError(null, ErrorCodes.INVALID_REQUEST, "Invalid Request: a message is a JSON object, not "
                    + m.getNodeType().toString().toLowerCase(java.util.Locale.ROOT), null, batch);
            return true;
        }
        JsonNode id = m.get("id");
        boolean validId = id == null || id.isString() || id.isIntegralNumber() || id.isNull();
        JsonNode version = m.get("jsonrpc");
        if (version == null || !version.isString() || !version.stringValue().equals("2.0")) {
            sendError(validId ? id : null, ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: \"jsonrpc\" must be \"2.0\"", null, batch);
            return true;
        }
        if (!validId) {
            sendError(null, ErrorCodes.INVALID_REQUEST, "Invalid Request: an id is a string or an integer", null,
                    batch);
            return true;
        }
        JsonNode methodNode = m.get("method");
        if (methodNode == null) {
            if (id != null && (m.has("result") || m.has("error"))) {
                response(id, m);
                return true;
            }
            sendError(id, ErrorCodes.INVALID_REQUEST, "Invalid Request: no \"method\"", null, batch);
            return true;
        }
        if (!methodNode.isString()) {
            sendError(id, ErrorCodes.INVALID_REQUEST, "Invalid Request: \"method\" must be a string", null, batch);
            return true;
        }
        String method = methodNode.stringValue();
        JsonNode params = m.get("params");
        if (params != null && !params.isObject() && !params.isArray() && !params.isNull()) {
            sendError(id, ErrorCodes.INVALID_REQUEST, "Invalid Request: \"params\" must be an object or an array",
                    null, batch);
            return true;
        }
        if (id == null) {
            return notification(method, params);
        }
        if (spec.kind == Spec.Kind.LSP && method.equals("shutdown")) {
            lsp.shutdownReceived = true;   // exit's status counts from here, even if exit overtakes the answer
        }
        InRequest r = new InRequest(id, method, batch);
        if (inflight.putIfAbsent(r.key, r) != null) {
            sendError(id, ErrorCodes.INVALID_REQUEST, "Invalid Request: id " + r.key + " is already in use by a"
                    + " request not yet answered", null, batch);
            return true;
        }
        if (batch != null) {
            synchronized (batch) {
                batch.expected++;
            }
        }
        return dispatchOrEnqueue(new Inbound(method, params, r));
    }

    /** A notification: cancellations and exit here, the rest to the dispatcher. */
    private boolean notification(String method, @Nullable JsonNode params) {
        switch (spec.kind) {
            case LSP, PLAIN -> {
                if (method.equals("$/cancelRequest")) {
                    JsonNode id = params == null ? null : params.get("id");
                    if (id != null) {
                        cancelInflight(id, ErrorCodes.REQUEST_CANCELLED);
                    }
                    return true;
                }
                if (spec.kind == Spec.Kind.LSP && method.equals("exit")) {
                    end(lsp.shutdownReceived ? 0 : 1);
                    return false;
                }
            }
            case MCP -> {
                if (method.equals("notifications/cancelled")) {
                    JsonNode id = params == null ? null : params.get("requestId");
                    if (id != null) {
                        cancelInflight(id, ErrorCodes.REQUEST_CANCELLED);
                    }
                    return true;
                }
            }
        }
        return enqueue(new Inbound(method, params, null));
    }

    /**
     * A request: dispatched here, on the reader, when the dispatcher has dispatched everything the reader sent it
     * (so the order holds), else queued behind that. Dispatching a request never waits: it starts the request's task,
     * or answers at once. A lone request then costs no wake-up of the dispatcher.
     */
    private boolean dispatchOrEnqueue(Inbound request) {
        TaskScope scope = handlerScope;
        if (undispatched.get() != 0 || scope == null || ending.get()) {
            return enqueue(request);
        }
        try {
            dispatch(scope, request);
        } catch (RuntimeException | Error failure) {
            if (ending.get()) {
                return false;   // the connection ended meanwhile, its scope with it (a closed scope refuses)
            }
            dispatchFailure = failure;   // as if the dispatcher had thrown it: serve() throws it
            end(status);
            return false;
        }
        Task<?> t = request.request().task;
        if (ending.get() && t != null) {
            t.cancel();   // started as the connection ended, maybe after the dispatcher cancelled the scope's tasks
        }
        return true;
    }

    private boolean enqueue(Inbound message) {
        undispatched.incrementAndGet();   // before the send: the dispatcher counts it down once dispatched
        inbound.send(message);
        int size = inbound.size();
        inboundHighWater.accumulateAndGet(size, Math::max);
        return true;
    }

    private void cancelInflight(JsonNode id, int code) {
        InRequest r = inflight.get(Json.idKey(id));
        if (r != null) {
            r.cancel(code);
        }
    }

    /** The client's answer to one of the server's requests. */
    private void response(JsonNode id, JsonNode message) {
        OutRequest o = outstanding.remove(Json.idKey(id));
        if (o == null) {
            trace("a response to no request of ours (id " + id + "): dropped");
            return;
        }
        o.reply.trySend(message);
    }

    // ---- the dispatcher ----

    private void dispatch(TaskScope scope, Inbound m) {
        if (++dispatched % 1024 == 0) {
            pruneLanes();
        }
        InRequest r = m.request;
        Spec.Handler h = spec.handlers.get(m.method);
        if (r == null) {
            if (h == null || h.notification() == null || !Lsp.admitsNotification(this, m.method)) {
                trace("notification " + m.method + (h == null ? ": no handler, dropped" : ": not now, dropped"));
                return;
            }
            Lane lane = lane(m.params);
            if (spec.cancelOn.contains(m.method)) {
                for (InRequest reader : lane.requests) {
                    reader.cancel(ErrorCodes.CONTENT_MODIFIED);
                }
            }
            queued.acquire();
            Gate gate = new Gate();
            NoteJob job = new NoteJob(m, h, writerDeps(lane, gate), gate);
            boolean start;
            synchronized (lane) {
                lane.notes.add(job);
                start = !lane.working;
                lane.working = true;
            }
            if (start) {
                Task<?> t = scope.spawn(() -> runNotifications(lane));
                t.whenComplete(() -> abandonNotifications(lane));   // also if cancelled before its body ran
            }
            return;
        }
        if (r.cancelled) {
            answerCancelled(r);
            return;
        }
        JsonRpcException refused = Lsp.refusal(this, m.method);
        if (refused == null && (h == null || h.request() == null)) {
            refused = new JsonRpcException(ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + m.method);
        }
        if (refused != null) {
            answerError(r, refused.code(), refused.getMessage(), refused.data());
            return;
        }
        Lane lane = lane(m.params);
        Gate gate = new Gate();
        r.gate = gate;
        List<Gate> before;
        if (h.exclusive()) {
            r.exclusive = true;
            before = writerDeps(lane, gate);
        } else {
            before = List.of(lane.lastWriter);
            lane.readers.add(gate);
            lane.requests.add(r);
        }
        Task<?> t = scope.spawn(() -> runRequest(r, m, h, before));
        r.task = t;
        t.whenComplete(() -> {   // a task cancelled before its body ran: answer for it, let its lane go on
            answerCancelled(r);
            r.gate.open();
        });
        if (r.cancelled) {
            r.cancel(r.cancelCode);   // cancelled while the task was being made: interrupt it now
        }
    }

    /** A writer's place on its lane: what it waits for; it becomes the lane's last writer. */
    private static List<Gate> writerDeps(Lane lane, Gate gate) {
        List<Gate> before = new ArrayList<>(lane.readers.size() + 1);
        before.add(lane.lastWriter);
        before.addAll(lane.readers);
        lane.readers.clear();
        lane.requests.clear();
        lane.lastWriter = gate;
        return before;
    }

    private Lane lane(@Nullable JsonNode params) {
        String key = "";
        if (params != null && spec.laneKey != null) {
            JsonNode k = params.at(spec.laneKey);
            if (k.isString()) {
                key = k.stringValue();
            }
        }
        return lanes.computeIfAbsent(key, x -> new Lane());
    }

    private void pruneLanes() {
        for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext();) {
            Lane l = it.next();
            if (l.lastWriter.isOpen() && l.readers.stream().allMatch(Gate::isOpen)) {
                it.remove();
            } else {
                l.requests.removeIf(r -> r.answered.get());
            }
        }
    }

    /** A lane's notification task: runs its queued notifications one after another, ends when none is left. */
    private void runNotifications(Lane lane) {
        for (;;) {
            NoteJob job;
            synchronized (lane) {
                job = lane.notes.poll();
                if (job == null) {
                    lane.working = false;
                    return;
                }
            }
            runNotification(job);
            if (ending.get()) {
                return;   // the rest is let go by abandonNotifications
            }
            if (Thread.interrupted()) {
                // a handler left its thread interrupted (the task was not cancelled): not the next one's concern
                report(new IllegalStateException("the handler of notification " + job.message().method
                        + " returned with its thread interrupted; the flag was cleared"));
            }
        }
    }

    /** At the end of the connection: opens the gates of the notifications a lane's task did not run. */
    private void abandonNotifications(Lane lane) {
        if (!ending.get()) {
            return;   // it ran dry and ended: a later task owns whatever was queued since
        }
        synchronized (lane) {
            for (NoteJob job; (job = lane.notes.poll()) != null;) {
                job.gate().open();
                queued.release();
            }
            lane.working = false;
        }
    }

    private void runNotification(NoteJob job) {
        Inbound m = job.message();
        Spec.Handler h = job.handler();
        ContextImpl ctx = new ContextImpl(this, m.method, null, m.params);
        try {
            for (Gate g : job.before()) {
                g.await();
            }
            Object params = Json.params(m.params, h.type());
            h.notification().handle(ctx, params);
        } catch (TaskCancelledException cancelled) {
            // the connection is ending
        } catch (Throwable failure) {
            if (!ending.get()) {
                report(new IllegalStateException("the handler of notification " + m.method + " failed", failure));
            }
        } finally {
            ctx.closeProgress();
            job.gate().open();
            queued.release();
        }
    }

    private void runRequest(InRequest r, Inbound m, Spec.Handler h, List<Gate> before) {
        ContextImpl ctx = new ContextImpl(this, m.method, r, m.params);
        boolean permit = false;
        try {
            for (Gate g : before) {
                g.await();
            }
            r.phase = WAITING_PERMIT;
            if (r.cancelled) {
                answerCancelled(r);
                return;
            }
            running.acquire();
            permit = true;
            r.phase = RUNNING;
            if (r.cancelled) {
                answerCancelled(r);
                return;
            }
            Object params = Json.params(m.params, h.type());
            Object result = h.request().handle(ctx, params);
            answer(r, result);
        } catch (TaskCancelledException cancelled) {
            answerCancelled(r);
        } catch (JsonRpcException e) {
            answerError(r, e.code(), e.getMessage(), e.data());
        } catch (Throwable failure) {
            if (r.cancelled) {
                answerCancelled(r);   // the handler saw the interrupt as something else (an interrupted read...)
            } else {
                Throwable shown = failure instanceof io.zsync.TaskFailedException f && f.getCause() != null
                        ? f.getCause() : failure;   // a failed await: the task's failure says what went wrong
                answerError(r, ErrorCodes.INTERNAL_ERROR, "Internal error: " + shown, null);
            }
        } finally {
            if (permit) {
                running.release();
            }
            ctx.closeProgress();
            r.gate.open();
        }
    }

    // ---- answers ----

    private void answer(InRequest r, @Nullable Object result) {
        if (!r.answered.compareAndSet(false, true)) {
            return;
        }
        inflight.remove(r.key);
        try {
            if (r.batch == null) {
                deliver(Json.response(r.id, result));   // written straight from the result
            } else {
                ObjectNode m = Json.object();           // a batch's answers are gathered as trees
                m.put("jsonrpc", "2.0");
                m.set("id", r.id);
                m.set("result", Json.tree(result));
                deliver(r.batch, m);
            }
        } catch (JacksonException e) {
            r.answered.set(false);
            answerError(r, ErrorCodes.INTERNAL_ERROR, "Internal error: the result of " + r.method
                    + " could not be written as JSON: " + Json.firstLine(e.getOriginalMessage()), null);
            return;
        }
        Lsp.answered(this, r.method);
    }

    private void answerError(InRequest r, int code, @Nullable String message, @Nullable Object data) {
        if (!r.answered.compareAndSet(false, true)) {
            return;
        }
        inflight.remove(r.key);
        deliver(r.batch, error(r.id, code, message, data));
    }

    private void answerCancelled(InRequest r) {
        if (r.answered.get()) {
            return;
        }
        if (spec.kind == Spec.Kind.MCP || ending.get()) {
            if (r.answered.compareAndSet(false, true)) {   // MCP: a cancelled request gets no answer
                inflight.remove(r.key);
                if (r.batch != null) {
                    deliver(r.batch, null);
                }
            }
            return;
        }
        answerError(r, r.cancelCode, r.cancelCode == ErrorCodes.CONTENT_MODIFIED
                ? "Content modified: the document changed while " + r.method + " ran; ask again"
                : "Request cancelled", null);
    }

    private void sendError(@Nullable JsonNode id, int code, String message, @Nullable Object data,
            @Nullable Batch batch) {
        ObjectNode e = error(id, code, message, data);
        if (batch != null) {
            synchronized (batch) {
                batch.responses.add(e);
            }
        } else {
            outbox.urgent(Json.bytes(e));
        }
    }

    private static ObjectNode error(@Nullable JsonNode id, int code, @Nullable String message,
            @Nullable Object data) {
        ObjectNode m = Json.object();
        m.put("jsonrpc", "2.0");
        m.set("id", id == null ? Json.NODES.nullNode() : id);
        ObjectNode e = m.putObject("error");
        e.put("code", code);
        e.put("message", message == null ? "" : message);
        if (data != null) {
            try {
                e.set("data", Json.tree(data));
            } catch (JacksonException ignored) {
                e.put("data", String.valueOf(data));
            }
        }
        return m;
    }

    private void deliver(@Nullable Batch batch, @Nullable ObjectNode message) {
        if (batch == null) {
            if (message != null) {
                deliver(Json.bytes(message));
            }
            return;
        }
        if (ending.get() && spec.kind != Spec.Kind.PLAIN && outbox.isDead()) {
            return;
        }
        synchronized (batch) {
            if (message != null) {
                batch.responses.add(message);
            }
            batch.expected--;
            if (batch.sealed && batch.expected == 0 && !batch.responses.isEmpty()) {
                outbox.urgent(Json.bytes(batch.responses));
            }
        }
    }

    /** Sends a response (not part of a batch). */
    private void deliver(byte[] message) {
        if (ending.get() && spec.kind != Spec.Kind.PLAIN && outbox.isDead()) {
            return;
        }
        Thread t = Thread.currentThread();
        if (t == dispatcher || t == reader) {
            outbox.urgent(message);     // the dispatcher and the reader never wait on the client
        } else {
            outbox.response(message);   // a handler's task: straight out if the writer idles
        }
    }

    // ---- the client ----

    @Override
    public <R> Task<R> request(String method, @Nullable Object params, Class<R> resultType) {
        return send(method, params, resultType, null);
    }

    @Override
    public <R> Task<R> request(String method, @Nullable Object params, Class<R> resultType, Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout");
        return send(method, params, resultType, timeout);
    }

    private <R> Task<R> send(String method, @Nullable Object params, Class<R> resultType,
            @Nullable Duration timeout) {
        java.util.Objects.requireNonNull(method, "method");
        java.util.Objects.requireNonNull(resultType, "resultType: pass Void.class to ignore the result");
        long id = nextId.incrementAndGet();
        ObjectNode m = Json.object();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("method", method);
        if (params != null) {
            m.set("params", Json.tree(params));
        }
        byte[] body = Json.bytes(m);
        OutRequest o = new OutRequest();
        String key = Long.toString(id);
        ZsyncRuntime rt = runtime;
        if (rt == null || ending.get()) {
            throw new TaskCancelledException("the connection has ended: no request can reach the client");
        }
        outstanding.put(key, o);
        outbox.urgent(body);   // sent in the caller's order: before anything the caller sends after this call
        Task<R> task = rt.spawn("jsonrpc client request " + method, () -> {
            try {
                ChannelResult<JsonNode> reply = timeout == null ? o.reply.recvCatching()
                        : o.reply.recvCatching(timeout);
                if (!reply.isValue()) {
                    if (reply.isClosed()) {
                        throw new TaskCancelledException("the connection ended before the client answered " + method);
                    }
                    cancelOutbound(key, id, o);
                    throw new JsonRpcException(ErrorCodes.REQUEST_CANCELLED, "the client did not answer " + method
                            + " within " + timeout + "; the request was cancelled");
                }
                JsonNode answer = reply.orThrow();
                JsonNode error = answer.get("error");
                if (error != null && !error.isNull()) {
                    throw new JsonRpcException(error.path("code").asInt(ErrorCodes.INTERNAL_ERROR),
                            error.path("message").asString(""), error.has("data") ? error.get("data") : null);
                }
                JsonNode result = answer.get("result");
                return Json.convert(result == null ? Json.NODES.nullNode() : result, resultType);
            } catch (TaskCancelledException cancelled) {
                cancelOutbound(key, id, o);
                throw cancelled;
            }
        });
        clientTasks.add(task);
        task.whenComplete(() -> {
            clientTasks.remove(task);
            if (outstanding.containsKey(key)) {
                cancelOutbound(key, id, o);   // cancelled before its body ran: the client is still told, once
            }
        });
        if (ending.get()) {
            task.cancel();
        }
        return task;
    }

    private void cancelOutbound(String key, long id, OutRequest o) {
        outstanding.remove(key);
        if (!o.cancelSent.compareAndSet(false, true) || ending.get()) {
            return;
        }
        ObjectNode params = Json.object();
        if (spec.kind == Spec.Kind.MCP) {
            params.put("requestId", id);
            params.put("reason", "cancelled by the server");
            sendNotification("notifications/cancelled", params, null, true);
        } else {
            params.put("id", id);
            sendNotification("$/cancelRequest", params, null, true);
        }
    }

    @Override
    public void notify(String method, @Nullable Object params) {
        java.util.Objects.requireNonNull(method, "method");
        String key = null;
        if (method.equals("textDocument/publishDiagnostics") && params != null) {
            JsonNode tree = Json.tree(params);
            JsonNode uri = tree.get("uri");
            key = uri != null && uri.isString() ? "diagnostics " + uri.stringValue() : null;
            sendNotification(method, tree, key, false);
            return;
        }
        sendNotification(method, params == null ? null : Json.tree(params), null, false);
    }

    void sendNotification(String method, @Nullable JsonNode params, @Nullable String key, boolean urgent) {
        ObjectNode m = Json.object();
        m.put("jsonrpc", "2.0");
        m.put("method", method);
        if (params != null) {
            m.set("params", params);
        }
        byte[] body = Json.bytes(m);
        if (urgent) {
            outbox.urgent(body);
        } else {
            outbox.note(key, body);
        }
    }

    @Override
    public void logMessage(int type, String message) {
        message("window/logMessage", type, message);
    }

    @Override
    public void showMessage(int type, String message) {
        message("window/showMessage", type, message);
    }

    @Override
    public boolean logTrace(String message, @Nullable String verbose) {
        java.util.Objects.requireNonNull(message, "message must not be null");
        int level = lsp.trace;
        if (spec.kind != Spec.Kind.LSP || level == Lsp.TRACE_OFF) {
            return false;
        }
        ObjectNode p = Json.object();
        p.put("message", message);
        if (verbose != null && level == Lsp.TRACE_VERBOSE) {
            p.put("verbose", verbose);
        }
        sendNotification("$/logTrace", p, null, false);
        return true;
    }

    private void message(String method, int type, String message) {
        ObjectNode p = Json.object();
        p.put("type", type);
        p.put("message", message);
        sendNotification(method, p, null, false);
    }

    /** Waits for every request but {@code except} to end, up to {@code grace}, then cancels those left. */
    void drainRequests(@Nullable Context except, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        InRequest exempt = except instanceof ContextImpl c ? c.request : null;
        String skip = exempt == null ? null : exempt.key;
        for (InRequest r : List.copyOf(inflight.values())) {
            if (r.key.equals(skip)) {
                continue;
            }
            Task<?> t = r.task;
            long left = deadline - System.nanoTime();
            if (t != null && left > 0) {
                try {
                    t.await(Duration.ofNanos(left));
                } catch (io.zsync.TaskTimeoutException | io.zsync.TaskFailedException
                        | TaskCancelledException ended) {
                    // timed out (cancelled below), or ended as it ended: either way, done waiting for it
                }
            }
        }
        for (InRequest r : List.copyOf(inflight.values())) {
            if (!r.key.equals(skip)) {
                r.cancel(ErrorCodes.REQUEST_CANCELLED);
            }
        }
    }

    // ---- reporting and tracing ----

    void report(Throwable failure) {
        ZsyncRuntime rt = runtime;
        Thread.UncaughtExceptionHandler h = rt != null ? rt.config().uncaughtHandler() : null;
        if (h != null) {
            h.uncaughtException(Thread.currentThread(), failure);
        } else {
            failure.printStackTrace();
        }
    }

    private void traceIn(byte[] body) {
        java.io.PrintStream t = spec.trace;
        if (t != null) {
            t.println("<- " + new String(body, StandardCharsets.UTF_8));
        }
    }

    void traceOut(byte[] body) {
        java.io.PrintStream t = spec.trace;
        if (t != null) {
            t.println("-> " + new String(body, StandardCharsets.UTF_8));
        }
    }

    void trace(String line) {
        java.io.PrintStream t = spec.trace;
        if (t != null) {
            t.println("-- " + line);
        }
    }

    // ---- a handler's context ----

    static final class ContextImpl implements Context {
        final Endpoint endpoint;
        private final String method;
        final @Nullable InRequest request;
        final @Nullable JsonNode params;
        private @Nullable List<ProgressImpl> progress;

        ContextImpl(Endpoint endpoint, String method, @Nullable InRequest request, @Nullable JsonNode params) {
            this.endpoint = endpoint;
            this.method = method;
            this.request = request;
            this.params = params;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public Optional<String> requestId() {
            return request == null ? Optional.empty() : Optional.of(request.id.toString());
        }

        @Override
        public boolean isCancelled() {
            return (request != null && request.cancelled) || endpoint.ending.get()
                    || Thread.currentThread().isInterrupted();
        }

        @Override
        public void checkCancelled() {
            if (isCancelled()) {
                throw new TaskCancelledException(method + " was cancelled");
            }
        }

        @Override
        public Client client() {
            return endpoint;
        }

        @Override
        public Progress progress(String title) {
            ProgressImpl p = ProgressImpl.start(this, title);
            synchronized (this) {
                if (progress == null) {
                    progress = new ArrayList<>(1);
                }
                progress.add(p);
            }
            return p;
        }

        @Override
        public io.zsync.jsonrpc.ConnectionStats connectionStats() {
            return new io.zsync.jsonrpc.ConnectionStats(endpoint.spec.capacity, endpoint.inboundHighWater.get(),
                    endpoint.framesRead, endpoint.outbox.framesWritten());
        }

        @Override
        public void releaseLane() {
            if (request != null) {
                request.gate.open();
            }
        }

        void closeProgress() {
            List<ProgressImpl> open;
            synchronized (this) {
                open = progress;
                progress = null;
            }
            if (open != null) {
                for (ProgressImpl p : open) {
                    p.close();
                }
            }
        }
    }
}
