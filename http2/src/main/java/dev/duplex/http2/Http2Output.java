package dev.duplex.http2;

import java.nio.ByteBuffer;

/**
 * Where a {@link Http2Connection} writes the bytes to send; the transport owns the memory (the same shape as
 * the WebSocket engine's {@code OutputBuffer}).
 */
public interface Http2Output {
    /**
     * A buffer in write mode with at least {@code minBytes} (1 to 64) bytes remaining, positioned where the next
     * bytes go. The connection writes into it, advancing its position, and may use all of its remaining space;
     * payloads larger than what remains are written across several calls. The buffer stays valid until the next
     * call of this method or until the connection call that asked for it returns.
     */
    ByteBuffer writable(int minBytes);
}
