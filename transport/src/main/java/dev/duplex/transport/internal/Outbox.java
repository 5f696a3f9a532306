package dev.duplex.transport.internal;

import dev.duplex.engine.Engine;
import dev.duplex.engine.WebSocketEngine;
import dev.duplex.transport.WebSocketClosedException;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The loop side of a session's sends: encodes them through the engine into the connection's output, in
 * message order. A streamed message, once started, is the {@code active} one: its pieces go out as they are
 * written, while whole messages and other streams started after it wait in {@code backlog} (RFC 6455 section
 * 5.4: the fragments of one message are not interleaved with another message's). Control frames never wait.
 * Loop thread only.
 */
final class Outbox {
    private final WebSocketSession session;
    private final Engine engine;
    private final Carrier carrier;
    private StreamWriter active;
    private ArrayDeque<SendOp> backlog;

    Outbox(WebSocketSession session, Engine engine, Carrier carrier) {
        this.session = session;
        this.engine = engine;
        this.carrier = carrier;
    }

    private boolean idle() {
        return active == null && (backlog == null || backlog.isEmpty());
    }

    /** A whole message sent on the loop thread: encoded now, or kept (detached from the caller's objects). */
    void sendData(byte kind, Object payload, CompletableFuture<Void> f, long size) {
        if (idle()) {
            encodeData(kind, payload, f);
        } else {
            session.addQueued(size);
            backlog().add(SendOp.data(session, kind, detach(kind, payload), f, size));
        }
    }

    /** A piece of a streamed message written on the loop thread. */
    void sendPiece(StreamWriter w, ByteBuffer data, boolean last, CompletableFuture<Void> f) {
        if (active == w) {
            encodePiece(w, data, last, f);
            if (active == null) {
                drainBacklog();
            }
        } else {
            SendOp op = SendOp.fragment(session, w, data.duplicate(), last, f);
            session.addQueued(op.size);
            w.hold(op);
        }
    }

    /** A streamed message started on the loop thread ({@code op} null) or queued from another thread. */
    void start(StreamWriter writer, SendOp op) {
        if (engine.state() != WebSocketEngine.State.OPEN) {
            writer.fail(new WebSocketClosedException("the connection is closing or closed"));
        } else if (idle()) {
            active = writer;
        } else {
            backlog().add(op != null ? op : SendOp.start(session, writer));
        }
    }

    /** A send queued from another thread, now on the loop. */
    void run(SendOp op) {
        switch (op.kind) {
            case SendOp.TEXT, SendOp.BINARY -> {
                if (idle()) {
                    unqueue(op);
                    encodeData(op.kind, op.payload, op.future);
                } else {
                    backlog().add(op);
                }
            }
            case SendOp.PING, SendOp.PONG -> sendControl(op.kind, (ByteBuffer) op.payload, op.future);
            case SendOp.START -> start(op.writer, op);
            case SendOp.FRAGMENT -> {
                if (active == op.writer) {
                    unqueue(op);
                    encodePiece(op.writer, (ByteBuffer) op.payload, op.last, op.future);
                    if (active == null) {
                        drainBacklog();
                    }
                } else {
                    op.writer.hold(op);
                }
            }
            default -> throw new IllegalStateException("not a send: " + op);
        }
    }

    /** A ping or pong: never waits behind messages (section 5.4 allows control frames between fragments). */
    void sendControl(byte kind, ByteBuffer payload, CompletableFuture<Void> f) {
        if (!canSend(f)) {
            return;
        }
        try {
            int position = payload.position();
            if (kind == SendOp.PING) {
                engine.sendPing(payload);
            } else {
                engine.sendPong(payload);
            }
            payload.position(position);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
            return;
        }
        encoded(f);
    }

    /** Sends what waited behind a finished stream, until another stream becomes active. */
    private void drainBacklog() {
        while (active == null && backlog != null && !backlog.isEmpty()) {
            SendOp op = backlog.poll();
            if (op.kind == SendOp.START) {
                active = op.writer;
                SendOp piece;
                while (active == op.writer && (piece = op.writer.nextHeld()) != null) {
                    unqueue(piece);
                    encodePiece(op.writer, (ByteBuffer) piece.payload, piece.last, piece.future);
                }
            } else {
                unqueue(op);
                encodeData(op.kind, op.payload, op.future);
            }
        }
    }

    private void encodeData(byte kind, Object payload, CompletableFuture<Void> f) {
        if (!canSend(f)) {
            return;
        }
        try {
            if (kind == SendOp.TEXT) {
                engine.sendText((CharSequence) payload);
            } else {
                ByteBuffer data = (ByteBuffer) payload;
                int position = data.position();
                engine.sendBinary(data);
                data.position(position);
            }
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
            return;
        }
        encoded(f);
    }

    private void encodePiece(StreamWriter w, ByteBuffer data, boolean last, CompletableFuture<Void> f) {
        if (last) {
            active = null;
        }
        if (w.failure() != null) {
            f.completeExceptionally(w.failure());
            return;
        }
        if (!canSend(f)) {
            return;
        }
        try {
            int position = data.position();
            engine.sendFragment(w.isText(), data, last);
            data.position(position);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
            return;
        }
        encoded(f);
    }

    private boolean canSend(CompletableFuture<Void> f) {
        if (engine.state() == WebSocketEngine.State.OPEN) {
            return true;
        }
        f.completeExceptionally(new WebSocketClosedException("the connection is closing or closed"));
        return false;
    }

    private void encoded(CompletableFuture<Void> f) {
        carrier.track(f);
        session.publishUnflushed(carrier.output().pending());
    }

    /** Fails everything still waiting: nothing more can be sent. */
    void failWaiting(Throwable cause) {
        if (active != null) {
            active.fail(cause);
            active = null;
        }
        if (backlog != null) {
            SendOp op;
            while ((op = backlog.poll()) != null) {
                if (op.kind == SendOp.START) {
                    op.writer.fail(cause);
                } else {
                    session.fail(op, cause);
                }
            }
        }
    }

    private void unqueue(SendOp op) {
        session.addQueued(-op.size);
    }

    private ArrayDeque<SendOp> backlog() {
        if (backlog == null) {
            backlog = new ArrayDeque<>();
        }
        return backlog;
    }

    static Object detach(byte kind, Object payload) {
        return kind == SendOp.TEXT ? payload.toString() : ((ByteBuffer) payload).duplicate();
    }

    @Override
    public String toString() {
        return "Outbox[" + (active != null ? "streaming, " : "") + "backlog=" + (backlog == null ? 0 : backlog.size()) + "]";
    }
}
