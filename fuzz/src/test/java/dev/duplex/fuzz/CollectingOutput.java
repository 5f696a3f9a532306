package dev.duplex.fuzz;

import dev.duplex.engine.OutputBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An {@link OutputBuffer} that hands out buffers of {@code chunk} bytes (more when the engine asks for more),
 * direct or heap, in either byte order, placed at a varying offset, and collects what was written into them.
 * A buffer is read back only when the next one is asked for or {@link #bytes()} is called: exactly as long
 * as the contract says it stays valid.
 */
final class CollectingOutput implements OutputBuffer {
    private final int chunk;
    private final boolean direct;
    private final ByteOrder order;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private ByteBuffer current;
    private int start;
    private int calls;

    CollectingOutput(int chunk, boolean direct, ByteOrder order) {
        this.chunk = chunk;
        this.direct = direct;
        this.order = order;
    }

    @Override
    public ByteBuffer writable(int minBytes) {
        if (minBytes < 1 || minBytes > 14) {
            throw new FuzzFailure("writable(" + minBytes + "): the contract allows 1 to 14");
        }
        commit();
        calls++;
        int size = Math.max(minBytes, chunk);
        int offset = calls % 8;
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(offset + size + 3) : ByteBuffer.allocate(offset + size + 3);
        b.order(order).position(offset).limit(offset + size);
        current = b;
        start = offset;
        return b;
    }

    private void commit() {
        if (current == null) {
            return;
        }
        int end = current.position();
        if (end < start || end > current.limit()) {
            throw new FuzzFailure("the engine moved an output buffer's position outside its window: " + current);
        }
        for (int i = start; i < end; i++) {
            collected.write(current.get(i));
        }
        current = null;
    }

    /** Everything written so far. */
    byte[] bytes() {
        commit();
        return collected.toByteArray();
    }

    int size() {
        commit();
        return collected.size();
    }
}
