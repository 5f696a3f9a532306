package dev.duplex.engine;

import java.nio.ByteBuffer;

/**
 * Where the engine writes the bytes to send. The transport owns the memory; the engine writes frames
 * straight into it, so that masking and copying happen in one pass.
 */
public interface OutputBuffer {
    /**
     * A buffer with at least {@code minBytes} (at most 14) bytes remaining, positioned where the next bytes
     * go. The engine writes into it, advancing its position, and may use all of its remaining space.
     * The buffer stays valid until the next call of this method or until the engine call that asked for
     * it returns.
     */
    ByteBuffer writable(int minBytes);
}
