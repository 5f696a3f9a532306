package dev.duplex.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An in-memory {@link OutputBuffer} for tests: it hands out fresh buffers of {@code chunk} bytes (or
 * {@code minBytes} when more is asked) and collects what the engine wrote into them into a growable heap
 * array. Each handed-out buffer starts at a varying offset inside a larger allocation, may be direct and may
 * have little-endian order, so absolute indexing, alignment and byte-order handling in the writer are
 * exercised. A buffer is read back only when the next one is requested (or the bytes are read), which is
 * exactly how long the contract says it stays valid: bytes written into a stale buffer are lost and make
 * tests fail.
 */
public final class MemoryOutput implements OutputBuffer {
    private final int chunk;
    private final boolean direct;
    private final ByteOrder order;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private ByteBuffer current;
    private int start;
    private int calls;
    private int maxMinBytes;

    public MemoryOutput(int chunk, boolean direct, ByteOrder order) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk " + chunk);
        }
        this.chunk = chunk;
        this.direct = direct;
        this.order = order;
    }

    /** Large heap chunks: whole frames land in one buffer. */
    public static MemoryOutput large() {
        return new MemoryOutput(1 << 16, false, ByteOrder.BIG_ENDIAN);
    }

    /** Buffers of exactly {@code minBytes} for headers and single bytes for payloads. */
    public static MemoryOutput tiny() {
        return new MemoryOutput(1, false, ByteOrder.BIG_ENDIAN);
    }

    /**
     * An output by name, for parameterized tests: {@code large}, {@code tiny} (1-byte chunks), {@code direct}
     * (direct 7-byte chunks), {@code littleEndian} (heap 5-byte chunks in little-endian order).
     */
    public static MemoryOutput named(String name) {
        return switch (name) {
            case "large" -> large();
            case "tiny" -> tiny();
            case "direct" -> new MemoryOutput(7, true, ByteOrder.BIG_ENDIAN);
            case "littleEndian" -> new MemoryOutput(5, false, ByteOrder.LITTLE_ENDIAN);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Override
    public ByteBuffer writable(int minBytes) {
        if (minBytes < 1 || minBytes > 14) {
            throw new AssertionError("writable(" + minBytes + "): the contract allows 1..14");
        }
        commit();
        calls++;
        maxMinBytes = Math.max(maxMinBytes, minBytes);
        int size = Math.max(minBytes, chunk);
        int offset = calls % 8;
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(offset + size + 3) : ByteBuffer.allocate(offset + size + 3);
        b.order(order);
        b.position(offset).limit(offset + size);
        current = b;
        start = offset;
        return b;
    }

    private void commit() {
        if (current != null) {
            int end = current.position();
            if (end < start || end > current.limit()) {
                throw new AssertionError("buffer position moved outside the handed-out region: " + current);
            }
            for (int i = start; i < end; i++) {
                collected.write(current.get(i));
            }
            current = null;
        }
    }

    /** All bytes written so far. */
    public byte[] bytes() {
        commit();
        return collected.toByteArray();
    }

    /** All bytes written so far, then forgets them. */
    public byte[] take() {
        byte[] b = bytes();
        collected.reset();
        return b;
    }

    /** How many times {@link #writable(int)} was called. */
    public int calls() {
        return calls;
    }

    @Override
    public String toString() {
        return "MemoryOutput[chunk=" + chunk + (direct ? ", direct" : ", heap") + ", " + order + ", "
                + collected.size() + " bytes, " + calls + " calls, max minBytes " + maxMinBytes + "]";
    }
}
