package dev.duplex.engine.frame;

import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.Role;

import java.nio.ByteBuffer;

/**
 * A resumable parser of RFC 6455 frames (section 5.2). Input may arrive split at any byte; the parser keeps
 * at most one partial header (14 bytes) and streams payloads to its {@link FrameHandler} as they arrive,
 * unmasking them in place. The frame length is checked against the limit from the header alone, before
 * anything is reserved for the payload. After a violation it is in a terminal failed state and ignores
 * all further input.
 */
public final class FrameParser {
    private static final int MAX_HEADER = 14;

    private final Role role;
    private final long maxFramePayload;
    private int allowedRsv;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerHave;
    private boolean inPayload;
    private long payloadLeft;
    private boolean masked;
    private int maskKey;
    private int maskOffset;
    private boolean failed;

    /**
     * @param role            the role of this end: a server requires masked frames, a client unmasked ones
     * @param maxFramePayload frames with a longer payload fail with 1009
     * @param allowedRsv      RSV bits (0b100 = RSV1, 0b010 = RSV2, 0b001 = RSV3) that negotiated extensions use
     */
    public FrameParser(Role role, long maxFramePayload, int allowedRsv) {
        this.role = role;
        this.maxFramePayload = maxFramePayload;
        this.allowedRsv = allowedRsv;
    }

    /** Changes which RSV bits are allowed, for extensions negotiated after construction. */
    public void allowedRsv(int rsvBits) {
        this.allowedRsv = rsvBits;
    }

    /**
     * Consumes all of {@code in} (its position moves to its limit), reporting to {@code handler}.
     *
     * @throws ProtocolException at the first violation; the parser then ignores all further input
     */
    public void parse(ByteBuffer in, FrameHandler handler) {
        if (failed) {
            in.position(in.limit());
            return;
        }
        try {
            while (in.hasRemaining()) {
                if (inPayload) {
                    readPayload(in, handler);
                } else {
                    readHeader(in, handler);
                }
            }
        } catch (ProtocolException e) {
            failed = true;
            in.position(in.limit());
            throw e;
        }
    }

    /** True after a violation: the parser will not resume. */
    public boolean isFailed() {
        return failed;
    }

    private void readHeader(ByteBuffer in, FrameHandler handler) {
        int pos = in.position();
        int avail = in.remaining();
        if (headerHave == 0 && avail >= 2) {
            int need = headerLength(in.get(pos + 1));
            if (avail >= need) {
                // Fast path: the whole header is in the input.
                decodeHeader(in, pos, handler);
                in.position(pos + need);
                afterHeader(handler);
                return;
            }
        }
        // Slow path: gather the header across inputs.
        header[headerHave++] = in.get();
        if (headerHave < 2) {
            return;
        }
        int need = headerLength(header[1]);
        int take = Math.min(need - headerHave, in.remaining());
        in.get(header, headerHave, take);
        headerHave += take;
        if (headerHave == need) {
            decodeHeader(ByteBuffer.wrap(header), 0, handler);
            headerHave = 0;
            afterHeader(handler);
        }
    }

    private static int headerLength(byte second) {
        int len7 = second & 0x7F;
        int n = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
        return (second & 0x80) != 0 ? n + 4 : n;
    }

    private void decodeHeader(ByteBuffer b, int at, FrameHandler handler) {
        int b0 = b.get(at) & 0xFF;
        int b1 = b.get(at + 1) & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >>> 4) & 0x7;
        int opcode = b0 & 0xF;
        masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        int i = at + 2;
        long length;
        if (len7 == 126) {
            length = readBigEndian(b, i, 2);
            i += 2;
        } else if (len7 == 127) {
            length = readBigEndian(b, i, 8);
            i += 8;
            if (length < 0) {
                throw ProtocolException.protocolError("frame length has its most significant bit set");
            }
        } else {
            length = len7;
        }
        if (masked) {
            maskKey = (int) readBigEndian(b, i, 4);
        }
        if ((rsv & ~allowedRsv) != 0) {
            throw ProtocolException.protocolError("reserved bits set without a negotiated extension: RSV="
                    + Integer.toBinaryString(rsv));
        }
        if (!Opcode.isDefined(opcode)) {
            throw ProtocolException.protocolError("reserved opcode " + Opcode.name(opcode));
        }
        if (Opcode.isControl(opcode)) {
            if (!fin) {
                throw ProtocolException.protocolError("fragmented " + Opcode.name(opcode) + " frame");
            }
            if (length > 125) {
                throw ProtocolException.protocolError(Opcode.name(opcode) + " frame payload of " + length
                        + " bytes exceeds 125");
            }
        }
        if (role == Role.SERVER && !masked) {
            throw ProtocolException.protocolError("unmasked frame from a client");
        }
        if (role == Role.CLIENT && masked) {
            throw ProtocolException.protocolError("masked frame from a server");
        }
        if (length > maxFramePayload) {
            throw ProtocolException.messageTooBig("frame payload of " + length + " bytes exceeds the limit of "
                    + maxFramePayload);
        }
        payloadLeft = length;
        maskOffset = 0;
        handler.onFrameHeader(fin, rsv, opcode, length);
    }

    private static long readBigEndian(ByteBuffer b, int at, int bytes) {
        long v = 0;
        for (int k = 0; k < bytes; k++) {
            v = (v << 8) | (b.get(at + k) & 0xFF);
        }
        return v;
    }

    private void afterHeader(FrameHandler handler) {
        if (payloadLeft == 0) {
            handler.onFrameEnd();
        } else {
            inPayload = true;
        }
    }

    private void readPayload(ByteBuffer in, FrameHandler handler) {
        int from = in.position();
        int n = (int) Math.min(payloadLeft, in.remaining());
        if (masked) {
            Masking.maskInPlace(in, from, n, maskKey, maskOffset);
            maskOffset = (maskOffset + n) & 3;
        }
        in.position(from + n);
        payloadLeft -= n;
        handler.onPayload(in, from, from + n);
        if (payloadLeft == 0) {
            inPayload = false;
            handler.onFrameEnd();
        }
    }

    @Override
    public String toString() {
        return "FrameParser[" + role + (failed ? ", failed" : inPayload ? ", payload left " + payloadLeft
                : headerHave > 0 ? ", header " + headerHave + " bytes" : ", between frames") + "]";
    }
}
