package dev.duplex.cli.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one event-loop thread of the load generator. Written only by that thread; counters are
 * published with opaque stores so that the progress line can read them from another thread without locks.
 * The histogram is read only after the loop threads have stopped.
 */
final class ThreadStats {
    private static final VarHandle SENT;
    private static final VarHandle RECEIVED;
    private static final VarHandle RECEIVED_BYTES;
    private static final VarHandle ERRORS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SENT = l.findVarHandle(ThreadStats.class, "sent", long.class);
            RECEIVED = l.findVarHandle(ThreadStats.class, "received", long.class);
            RECEIVED_BYTES = l.findVarHandle(ThreadStats.class, "receivedBytes", long.class);
            ERRORS = l.findVarHandle(ThreadStats.class, "errors", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long sent;
    private long received;
    private long receivedBytes;
    private long errors;
    /** Messages and payload bytes received inside the measured window (read after the loops stopped). */
    long measured;
    long measuredBytes;
    final LatencyHistogram latency = new LatencyHistogram();

    void sent() {
        SENT.setOpaque(this, sent + 1);
    }

    void received(int bytes) {
        RECEIVED.setOpaque(this, received + 1);
        RECEIVED_BYTES.setOpaque(this, receivedBytes + bytes);
    }

    void error() {
        ERRORS.setOpaque(this, errors + 1);
    }

    long sentCount() {
        return (long) SENT.getOpaque(this);
    }

    long receivedCount() {
        return (long) RECEIVED.getOpaque(this);
    }

    long receivedBytes() {
        return (long) RECEIVED_BYTES.getOpaque(this);
    }

    long errorCount() {
        return (long) ERRORS.getOpaque(this);
    }
}
