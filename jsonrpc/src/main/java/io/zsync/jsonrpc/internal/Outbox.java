package io.zsync.jsonrpc.internal;

import io.zsync.Zsync;
import io.zsync.channel.Channel;
import io.zsync.jsonrpc.Framing;
import io.zsync.sync.Semaphore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * What waits to be written, and the writer task's loop: urgent messages (responses, errors, the server's requests
 * and cancellations) always before notifications; notifications in order, at most a limit of them unsent (a sender
 * waits for room), and a keyed one (diagnostics of a document, progress of a token) replacing the unsent one with
 * the same key where it stands.
 */
final class Outbox {
    /*
     * Maintainer notes: the lock guards the queues only (never held across I/O or a wait). The bell is a channel of
     * capacity 1: a producer rings after adding (trySend: a full bell already means "look again"), the writer empties
     * the queues before it waits on the bell, so no wake-up is lost. Producers serialise their message themselves;
     * the writer only frames and writes. It takes urgent messages all at once, notifications 32 at a time, and
     * looks at the urgent queue between batches; it flushes when both queues are empty.
     */

    private static final int NOTE_BATCH = 32;

    /** A notification waiting to be written; a keyed one's body may be replaced while it waits. */
    private static final class Note {
        final @Nullable String key;
        byte[] body;

        Note(@Nullable String key, byte[] body) {
            this.key = key;
            this.body = body;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();      // the queues
    private final ReentrantLock writing = new ReentrantLock();   // the stream: the writer task or a direct write
    private final ArrayDeque<byte[]> urgent = new ArrayDeque<>();
    private final ArrayDeque<Note> notes = new ArrayDeque<>();
    private final HashMap<String, Note> keyed = new HashMap<>();
    private final Semaphore room;
    private final Channel<Boolean> bell = Zsync.bounded(1);
    private final Framing framing;
    private final OutputStream out;
    private final Endpoint endpoint;
    private volatile boolean closed;
    private final boolean direct;   // whether handlers may write their answers themselves (see tryDirect)
    private volatile long written;   // frames, written by the writer task only
    private volatile boolean dead;

    Outbox(Framing framing, OutputStream out, int noteLimit, Endpoint endpoint) {
        this.framing = framing;
        this.direct = out instanceof java.io.FileOutputStream;   // stdio: a write an interrupt cannot break
        this.out = new BufferedOutputStream(out, 64 * 1024);
        this.room = Semaphore.create(noteLimit);
        this.endpoint = endpoint;
    }

    /** Queues a response, an error, or a request of the server's; never waits. */
    void urgent(byte[] body) {
        if (dead) {
            return;
        }
        enqueueUrgent(body);
    }

    /** A response from a handler's task: written at once if the writer is idle, else queued. */
    void response(byte[] body) {
        if (!tryDirect(body)) {
            urgent(body);
        }
    }

    private void enqueueUrgent(byte[] body) {
        lock.lock();
        try {
            urgent.add(body);
        } finally {
            lock.unlock();
        }
        bell.trySend(Boolean.TRUE);
    }

    /** Queues a notification; waits while the limit of unsent ones is reached (cancellable). */
    void note(@Nullable String key, byte[] body) {
        if (dead) {
            return;
        }
        if (key != null && replaced(key, body)) {
            return;
        }
        room.acquire();
        lock.lock();
        try {
            Note pending = key == null ? null : keyed.get(key);
            if (pending != null) {
                pending.body = body;   // another sender queued this key while we waited for room
                room.release();
                return;
            }
            Note n = new Note(key, body);
            notes.add(n);
            if (key != null) {
                keyed.put(key, n);
            }
        } finally {
            lock.unlock();
        }
        bell.trySend(Boolean.TRUE);
    }

    private boolean replaced(String key, byte[] body) {
        lock.lock();
        try {
            Note pending = keyed.get(key);
            if (pending == null) {
                return false;
            }
            pending.body = body;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** No more messages will come: the writer writes what is queued, flushes, and ends. */
    void close() {
        closed = true;
        bell.trySend(Boolean.TRUE);
    }

    long framesWritten() {
        return written;
    }

    boolean isDead() {
        return dead;
    }

    /** The writer task's body. */
    void write() {
        List<byte[]> batch = new ArrayList<>();
        try {
            for (;;) {
                int notesTaken;
                writing.lock();   // held from the take to the last byte: a direct write cannot come between
                try {
                    notesTaken = take(batch);
                    if (batch.isEmpty()) {
                        out.flush();
                    } else {
                        for (byte[] body : batch) {
                            endpoint.traceOut(body);
                            Frames.write(framing, out, body);
                        }
                        written += batch.size();
                    }
                } finally {
                    writing.unlock();
                }
                if (batch.isEmpty()) {
                    if (closed && isEmpty()) {
                        return;
                    }
                    bell.recvCatching();   // rung by every add and by close
                    continue;
                }
                batch.clear();
                for (int i = 0; i < notesTaken; i++) {
                    room.release();
                }
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(IOException e) {
        dead = true;   // the client stopped reading: nothing more can reach it
        endpoint.writerFailed(e);
    }

    /**
     * Writes a response straight from the calling task when nothing else is queued or being written (a lone
     * request's answer, no wake-up of the writer task); false if it must be queued instead. Not for the reader
     * thread (it must never wait on the client), and only on a FileOutputStream (standard output): a handler's task
     * may be cancelled while it writes, and an interrupt closes an interruptible stream (a channel's, a socket's)
     * for good. EndpointStressTest lost its connection that way 1 run in 10 before the rule.
     */
    boolean tryDirect(byte[] body) {
        if (!direct || dead || closed || Thread.currentThread().isInterrupted() || !writing.tryLock()) {
            return false;
        }
        try {
            if (!isEmpty()) {
                return false;   // earlier messages first: the writer task is about to take them
            }
            endpoint.traceOut(body);
            Frames.write(framing, out, body);
            out.flush();
            written++;
            return true;
        } catch (IOException e) {
            failed(e);
            return true;   // nothing more can be sent: not queued either
        } finally {
            writing.unlock();
        }
    }

    /**
     * Moves what is to be written next into {@code batch}: every urgent message, or else up to 32 notifications.
     * Never waits; the number of notifications taken (their room is released once they are written).
     */
    int take(List<byte[]> batch) {
        int notesTaken = 0;
        lock.lock();
        try {
            if (!urgent.isEmpty()) {
                batch.addAll(urgent);
                urgent.clear();
            } else {
                while (notesTaken < NOTE_BATCH && !notes.isEmpty()) {
                    Note n = notes.poll();
                    if (n.key != null) {
                        keyed.remove(n.key);
                    }
                    batch.add(n.body);
                    notesTaken++;
                }
            }
        } finally {
            lock.unlock();
        }
        return notesTaken;
    }

    /** For tests: every unsent keyed notification is indexed, under its own key, and once. */
    boolean consistent() {
        lock.lock();
        try {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Note n : notes) {
                if (n.key != null && (!seen.add(n.key) || keyed.get(n.key) != n)) {
                    return false;
                }
            }
            return seen.size() == keyed.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean isEmpty() {
        lock.lock();
        try {
            return urgent.isEmpty() && notes.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
