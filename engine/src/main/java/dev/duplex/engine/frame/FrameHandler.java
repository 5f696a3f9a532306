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

    /**
     * Part of the current frame's payload as {@link #onPayload}, but still masked (RFC 6455 section 5.3): byte
     * {@code i} of the range is XORed with byte {@code (keyOffset + i) % 4} of {@code maskKey} (wire order). The
     * parser calls this for masked frames so that a handler may unmask while copying; the default unmasks in
     * place and calls {@link #onPayload}.
     */
    default void onMaskedPayload(ByteBuffer buf, int from, int to, int maskKey, int keyOffset) {
        Masking.maskInPlace(buf, from, to - from, maskKey, keyOffset);
        onPayload(buf, from, to);
    }

    /** The current frame's payload is complete. */
    void onFrameEnd();
}
