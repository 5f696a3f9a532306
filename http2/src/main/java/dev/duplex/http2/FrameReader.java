package dev.duplex.http2;

import java.nio.ByteBuffer;

import static dev.duplex.http2.ErrorCode.FRAME_SIZE_ERROR;
import static dev.duplex.http2.ErrorCode.PROTOCOL_ERROR;

/**
 * Cuts the incoming byte stream into frames (RFC 9113 section 4.1), resumable across any split of the input.
 * The payload length is checked against the largest frame we accept right after the header and before any
 * buffer is reserved (section 4.2: FRAME_SIZE_ERROR, here always a connection error). A frame wholly inside
 * the input is decoded in place; one split across reads is gathered in a scratch buffer, kept for the next split
 * frame only while input keeps coming (an idle connection holds none).
 */
final class FrameReader {
    private static final int KEEP_SCRATCH = FrameHeader.SIZE + 16_384;

    private final int maxFrameSize;
    private final ByteBuffer headerBytes = ByteBuffer.allocate(FrameHeader.SIZE);
    private FrameHeader pending;
    private ByteBuffer scratch;
    private int continuationStream;

    /** @param maxFrameSize the largest payload accepted (our SETTINGS_MAX_FRAME_SIZE, section 6.5.2) */
    FrameReader(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * The next complete frame from {@code in}, or null once {@code in} is used up without completing one (the
     * bytes read are kept for the next call).
     *
     * @throws Http2Exception when the frame breaks a rule checked by {@link FrameDecoder}
     */
    Frame next(ByteBuffer in) {
        if (pending == null) {
            FrameHeader h = readHeader(in);
            if (h == null) {
                return null;
            }
            if (continuationStream != 0
                    && (h.frameType() != FrameType.CONTINUATION || h.streamId() != continuationStream)) {
                throw Http2Exception.connection(PROTOCOL_ERROR, h + " inside the field block of stream "
                        + continuationStream + ": only CONTINUATION may follow (6.10)");
            }
            if (h.length() > maxFrameSize) {
                throw Http2Exception.connection(FRAME_SIZE_ERROR, h + " exceeds SETTINGS_MAX_FRAME_SIZE "
                        + maxFrameSize + " (4.2)");
            }
            pending = h;
        }
        ByteBuffer payload = readPayload(in, pending.length());
        if (payload == null) {
            return null;
        }
        FrameHeader h = pending;
        pending = null;
        return FrameDecoder.decode(h, payload);
    }

    /**
     * Makes any next frame other than a CONTINUATION on {@code streamId} a connection error PROTOCOL_ERROR,
     * checked from its header (section 6.10); 0 lifts the rule.
     */
    void expectContinuation(int streamId) {
        this.continuationStream = streamId;
    }

    /** The header of the frame whose payload is being gathered, or null between frames. */
    FrameHeader pendingHeader() {
        return pending;
    }

    private FrameHeader readHeader(ByteBuffer in) {
        if (headerBytes.position() == 0 && in.remaining() >= FrameHeader.SIZE) {
            return FrameHeader.read(in);
        }
        copy(in, headerBytes);
        if (headerBytes.hasRemaining()) {
            return null;
        }
        headerBytes.flip();
        FrameHeader h = FrameHeader.read(headerBytes);
        headerBytes.clear();
        return h;
    }

    private ByteBuffer readPayload(ByteBuffer in, int length) {
        if ((scratch == null || scratch.position() == 0) && in.remaining() >= length) {
            ByteBuffer payload = in.slice(in.position(), length);
            in.position(in.position() + length);
            return payload;
        }
        if (scratch == null || scratch.capacity() < length) {
            scratch = ByteBuffer.allocate(length);
        }
        scratch.limit(length);
        copy(in, scratch);
        if (scratch.hasRemaining()) {
            return null;
        }
        ByteBuffer payload = scratch.flip().slice();
        if (scratch.capacity() > KEEP_SCRATCH || !in.hasRemaining()) {
            scratch = null;
        } else {
            scratch.clear();
        }
        return payload;
    }

    private static void copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        to.put(to.position(), from, from.position(), n);
        to.position(to.position() + n);
        from.position(from.position() + n);
    }

    @Override
    public String toString() {
        return "FrameReader[max=" + maxFrameSize + (pending == null ? ", between frames"
                : ", reading " + pending + ", " + (scratch == null ? 0 : scratch.position()) + " payload bytes")
                + "]";
    }
}
