package dev.duplex.transport.internal;

import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A message sent in pieces. Its pieces go out while it is the session's active message; pieces written
 * before that are held here, in order.
 */
final class StreamWriter implements MessageWriter {
    private static final VarHandle FINISHED;

    static {
        try {
            FINISHED = MethodHandles.lookup().findVarHandle(StreamWriter.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WebSocketSession session;
    private final MessageType type;
    @SuppressWarnings("unused")
    private volatile boolean finished;
    /** Pieces waiting for this message to become active (loop thread only). */
    private ArrayDeque<SendOp> held;
    /** Set when the connection closed before the message could be sent (loop thread only). */
    private Throwable failure;

    StreamWriter(WebSocketSession session, MessageType type) {
        this.session = session;
        this.type = type;
    }

    @Override
    public MessageType type() {
        return type;
    }

    boolean isText() {
        return type == MessageType.TEXT;
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer data, boolean last) {
        Objects.requireNonNull(data, "data");
        if (finished) {
            throw new IllegalStateException("the last piece of this message was already written");
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!session.admit(f, data.remaining())) {
            return f;
        }
        if (last && !FINISHED.compareAndSet(this, false, true)) {
            throw new IllegalStateException("the last piece of this message was already written");
        }
        return session.writeFragment(this, data, last, f);
    }

    void hold(SendOp op) {
        if (failure != null) {
            session.fail(op, failure);
            return;
        }
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(op);
    }

    /** The next held piece, or null. */
    SendOp nextHeld() {
        return held == null ? null : held.poll();
    }

    /** Fails the held pieces and every later one. */
    void fail(Throwable cause) {
        failure = cause;
        SendOp op;
        while ((op = nextHeld()) != null) {
            session.fail(op, cause);
        }
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "MessageWriter[" + type + (finished ? ", finished" : "") + ", held=" + (held == null ? 0 : held.size()) + "]";
    }
}
