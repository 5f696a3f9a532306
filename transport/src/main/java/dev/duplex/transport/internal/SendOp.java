package dev.duplex.transport.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A send waiting its turn: queued to the loop from another thread, held behind an unfinished streamed
 * message, or held by a writer that is not yet the active one.
 */
final class SendOp implements Runnable {
    static final byte TEXT = 0;
    static final byte BINARY = 1;
    static final byte PING = 2;
    static final byte PONG = 3;
    static final byte START = 4;
    static final byte FRAGMENT = 5;
    static final byte CLOSE = 6;
    static final byte ABORT = 7;

    final WebSocketSession session;
    final byte kind;
    final Object payload;
    final StreamWriter writer;
    final boolean last;
    final CompletableFuture<Void> future;
    final long size;
    final int code;

    private SendOp(WebSocketSession session, byte kind, Object payload, StreamWriter writer, boolean last,
                   CompletableFuture<Void> future, long size, int code) {
        this.session = session;
        this.kind = kind;
        this.payload = payload;
        this.writer = writer;
        this.last = last;
        this.future = future;
        this.size = size;
        this.code = code;
    }

    /** A whole text or binary message, or a ping or pong. */
    static SendOp data(WebSocketSession s, byte kind, Object payload, CompletableFuture<Void> f, long size) {
        return new SendOp(s, kind, payload, null, false, f, size, 0);
    }

    static SendOp start(WebSocketSession s, StreamWriter writer) {
        return new SendOp(s, START, null, writer, false, null, 0, 0);
    }

    static SendOp fragment(WebSocketSession s, StreamWriter w, ByteBuffer data, boolean last, CompletableFuture<Void> f) {
        return new SendOp(s, FRAGMENT, data, w, last, f, data.remaining(), 0);
    }

    static SendOp close(WebSocketSession s, int code, String reason) {
        return new SendOp(s, CLOSE, reason, null, false, null, 0, code);
    }

    static SendOp abort(WebSocketSession s) {
        return new SendOp(s, ABORT, null, null, false, null, 0, 0);
    }

    @Override
    public void run() {
        session.runQueued(this);
    }

    @Override
    public String toString() {
        return "SendOp[kind=" + kind + ", size=" + size + (last ? ", last" : "") + "]";
    }
}
