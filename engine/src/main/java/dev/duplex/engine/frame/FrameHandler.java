package dev.duplex.engine.frame;

import java.nio.ByteBuffer;

/** Receives what a {@link FrameParser} finds, frame by frame. */
public interface FrameHandler {
    /**
     * A frame header passed the per-frame rules of RFC 6455 section 5.2 (defined opcode, allowed RSV bits,
     * masking direction, control frames unfragmented and at most 125 bytes, length within the limit).
     */
    void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength);

    /**
     * Part of the current frame's payload, already unmasked, at absolute indexes {@code [from, to)} of
     * {@code buf}. The bytes are valid only during the call. Not called for empty payloads.
     */
    void onPayload(ByteBuffer buf, int from, int to);

    /** The current frame's payload is complete. */
    void onFrameEnd();
}
