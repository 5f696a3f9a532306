package dev.duplex.http2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * An in-memory {@link Http2Output}: hands out fresh buffers of {@code chunk} bytes (or {@code minBytes} when more
 * is asked), at varying offsets, and collects what was written into them when the next one is requested. Bytes
 * written into a stale buffer are lost, so a connection that breaks the contract fails tests.
 */
final class TestOutput implements Http2Output {
    private final int chunk;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private ByteBuffer current;
    private int start;
    private int calls;

    TestOutput(int chunk) {
        this.chunk = chunk;
    }

    @Override
    public ByteBuffer writable(int minBytes) {
        if (minBytes < 1 || minBytes > 64) {
            throw new AssertionError("writable(" + minBytes + "): the contract allows 1..64");
        }
        commit();
        calls++;
        int size = Math.max(minBytes, chunk);
        int offset = calls % 5;
        ByteBuffer b = ByteBuffer.allocate(offset + size + 2);
        b.position(offset).limit(offset + size);
        current = b;
        start = offset;
        return b;
    }

    private void commit() {
        if (current != null) {
            int end = current.position();
            if (end < start || end > current.limit()) {
                throw new AssertionError("position moved outside the handed-out region: " + current);
            }
            collected.write(current.array(), start, end - start);
            current = null;
        }
    }

    byte[] bytes() {
        commit();
        return collected.toByteArray();
    }
}
