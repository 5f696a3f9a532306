package dev.duplex.engine.frame;

import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.Role;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A resumable parser of RFC 6455 frames (section 5.2). Input may arrive split at any byte; the parser keeps
 * at most one partial header, decoded into its fields as its bytes arrive (no buffer), and streams payloads to
 * its {@link FrameHandler} as they arrive, masked ones through {@link FrameHandler#onMaskedPayload} (which
 * unmasks them in place unless the handler unmasks them itself). The frame length is checked against the
 * limit from the header alone, before anything is reserved for the payload. After a violation it is in a
 * terminal failed state and ignores all further input.
 */
public final class FrameParser {
    /** True for a server, which requires masked frames; a client requires unmasked ones. */
    private final boolean server;
    private final long maxFramePayload;
    /**
     * The current frame's payload bytes still to come. While a header split across inputs is gathered it
     * accumulates the extended payload length instead.
     */
    private long payloadLeft;
    /** The masking key of the current frame; accumulates the key's bytes while a split header is gathered. */
    private int maskKey;
    /** The first two bytes of a header split across inputs. */
    private short splitHead;
    /** How many bytes of a header split across inputs were gathered (0 between frames and in payloads). */
    private byte headerHave;
    /** The position within the masking key (0-3) of the next payload byte. */
    private byte maskOffset;
    private byte allowedRsv;
    private boolean inPayload;
    private boolean failed;

    /**
     * @param role            the role of this end: a server requires masked frames, a client unmasked ones
     * @param maxFramePayload frames with a longer payload fail with 1009
     * @param allowedRsv      RSV bits (0b100 = RSV1, 0b010 = RSV2, 0b001 = RSV3) that negotiated extensions use
     */
    public FrameParser(Role role, long maxFramePayload, int allowedRsv) {
        this.server = switch (role) {
            case SERVER -> true;
            case CLIENT -> false;
        };
        this.maxFramePayload = maxFramePayload;
        allowedRsv(allowedRsv);
    }

    /** Changes which RSV bits are allowed, for extensions negotiated after construction. */
    public void allowedRsv(int rsvBits) {
        this.allowedRsv = (byte) (rsvBits & 0x7);
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

    /** The role of this end. */
    public Role role() {
        return server ? Role.SERVER : Role.CLIENT;
    }

    /** True after a violation: the parser will not resume. */
    public boolean isFailed() {
        return failed;
    }

    /**
     * The bytes of the current frame's payload not yet reported. During {@link FrameHandler#onPayload} it counts
     * those after the piece being reported, so 0 there means the piece ends the frame.
     */
    public long payloadLeft() {
        return headerHave == 0 ? payloadLeft : 0;
    }

    private void readHeader(ByteBuffer in, FrameHandler handler) {
        int pos = in.position();
        int avail = in.remaining();
        if (headerHave == 0 && avail >= 2) {
            int b1 = in.get(pos + 1);
            int need = headerLength(b1);
            if (avail >= need) {
                // Fast path: the whole header is in the input.
                int len7 = b1 & 0x7F;
                int at = pos + 2;
                long length = len7 == 126 ? in.getShort(at) & 0xFFFF : len7 == 127 ? in.getLong(at) : len7;
                if (in.order() == ByteOrder.LITTLE_ENDIAN && len7 >= 126) {
                    length = len7 == 126 ? Short.reverseBytes((short) length) & 0xFFFF : Long.reverseBytes(length);
                }
                int key = 0;
                if ((b1 & 0x80) != 0) {
                    key = in.getInt(pos + need - 4);
                    if (in.order() == ByteOrder.LITTLE_ENDIAN) {
                        key = Integer.reverseBytes(key);
                    }
                }
                in.position(pos + need);
                onHeader(in.get(pos), b1, length, key, handler);
                return;
            }
        }
        // Slow path: gather the header across inputs, a byte at a time, into the fields it decodes to.
        do {
            int b = in.get() & 0xFF;
            int have = headerHave++;
            if (have == 0) {
                splitHead = (short) (b << 8);
                payloadLeft = 0;
                maskKey = 0;
            } else if (have == 1) {
                splitHead |= (short) b;
            } else if (have < headerLength(splitHead) - ((splitHead & 0x80) != 0 ? 4 : 0)) {
                payloadLeft = (payloadLeft << 8) | b;
            } else {
                maskKey = (maskKey << 8) | b;
            }
        } while (in.hasRemaining() && (headerHave < 2 || headerHave < headerLength(splitHead)));
        if (headerHave >= 2 && headerHave == headerLength(splitHead)) {
            headerHave = 0;
            int len7 = splitHead & 0x7F;
            onHeader(splitHead >> 8, splitHead, len7 >= 126 ? payloadLeft : len7, maskKey, handler);
        }
    }

    /** The header's length from its second byte: 2, plus 2 or 8 for an extended length, plus 4 for a mask. */
    private static int headerLength(int second) {
        int len7 = second & 0x7F;
        int n = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
        return (second & 0x80) != 0 ? n + 4 : n;
    }

    /** A whole header, its first two bytes as read, in the order of the checks of section 5.2. */
    private void onHeader(int b0, int b1, long length, int key, FrameHandler handler) {
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >>> 4) & 0x7;
        int opcode = b0 & 0xF;
        boolean masked = (b1 & 0x80) != 0;
        if (length < 0) {
            throw ProtocolException.protocolError("frame length has its most significant bit set");
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
        if (server && !masked) {
            throw ProtocolException.protocolError("unmasked frame from a client");
        }
        if (!server && masked) {
            throw ProtocolException.protocolError("masked frame from a server");
        }
        if (length > maxFramePayload) {
            throw ProtocolException.messageTooBig("frame payload of " + length + " bytes exceeds the limit of "
                    + maxFramePayload);
        }
        // From here on, frames are masked exactly when this end is a server.
        payloadLeft = length;
        maskKey = key;
        maskOffset = 0;
        handler.onFrameHeader(fin, rsv, opcode, length);
        if (length == 0) {
            handler.onFrameEnd();
        } else {
            inPayload = true;
        }
    }

    private void readPayload(ByteBuffer in, FrameHandler handler) {
        int from = in.position();
        int n = (int) Math.min(payloadLeft, in.remaining());
        in.position(from + n);
        payloadLeft -= n;
        if (server) {
            int keyOffset = maskOffset;
            maskOffset = (byte) ((keyOffset + n) & 3);
            handler.onMaskedPayload(in, from, from + n, maskKey, keyOffset);
        } else {
            handler.onPayload(in, from, from + n);
        }
        if (payloadLeft == 0) {
            inPayload = false;
            handler.onFrameEnd();
        }
    }

    @Override
    public String toString() {
        return "FrameParser[" + role() + (failed ? ", failed" : inPayload ? ", payload left " + payloadLeft
                : headerHave > 0 ? ", header " + headerHave + " bytes" : ", between frames") + "]";
    }
}
