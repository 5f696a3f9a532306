package dev.duplex.interop.conformance;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One WebSocket frame (RFC 6455 section 5.2), either built by hand to be sent by the fuzzer or read back from
 * the implementation under test.
 *
 * @param fin     the FIN bit
 * @param rsv     the three reserved bits, RSV1 = 4, RSV2 = 2, RSV3 = 1
 * @param opcode  4 bits, reserved values included
 * @param payload the unmasked payload
 * @param masked  for a frame to send: null to mask as the sender's role requires (section 5.1: a client
 *                masks, a server does not), or true / false to force it; for a frame read: whether it was
 *                masked on the wire
 */
record Frame(boolean fin, int rsv, int opcode, byte[] payload, Boolean masked) {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** What a close frame without a payload means (section 7.1.5). */
    static final int NO_CODE = 1005;

    Frame {
        if (rsv < 0 || rsv > 7 || opcode < 0 || opcode > 15) {
            throw new IllegalArgumentException("rsv " + rsv + " opcode " + opcode);
        }
    }

    static Frame of(boolean fin, int opcode, byte[] payload) {
        return new Frame(fin, 0, opcode, payload, null);
    }

    static Frame text(String text) {
        return text(utf8(text));
    }

    static Frame text(byte[] payload) {
        return of(true, TEXT, payload);
    }

    static Frame binary(byte[] payload) {
        return of(true, BINARY, payload);
    }

    static Frame ping(byte[] payload) {
        return of(true, PING, payload);
    }

    static Frame ping(String payload) {
        return ping(utf8(payload));
    }

    static Frame pong(byte[] payload) {
        return of(true, PONG, payload);
    }

    /** A close frame without a payload. */
    static Frame close() {
        return of(true, CLOSE, new byte[0]);
    }

    static Frame close(int code) {
        return close(code, new byte[0]);
    }

    /** A close frame with a 2-byte code (any value, valid or not) and raw reason bytes (section 5.5.1). */
    static Frame close(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return of(true, CLOSE, p);
    }

    /** The first frame of a fragmented message (FIN clear). */
    static Frame first(int opcode, String payload) {
        return of(false, opcode, utf8(payload));
    }

    /** A continuation frame. */
    static Frame continuation(boolean fin, String payload) {
        return of(fin, CONTINUATION, utf8(payload));
    }

    static Frame continuation(boolean fin, byte[] payload) {
        return of(fin, CONTINUATION, payload);
    }

    Frame withRsv(int bits) {
        return new Frame(fin, bits, opcode, payload, masked);
    }

    /** The same frame, masked (or not) whatever the sender's role. */
    Frame withMasking(boolean mask) {
        return new Frame(fin, rsv, opcode, payload, mask);
    }

    boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    /** The status code of a close frame, {@link #NO_CODE} when it has no payload. */
    int closeCode() {
        return payload.length < 2 ? NO_CODE : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String opcodeName(int opcode) {
        return switch (opcode) {
            case CONTINUATION -> "continuation";
            case TEXT -> "text";
            case BINARY -> "binary";
            case CLOSE -> "close";
            case PING -> "ping";
            case PONG -> "pong";
            default -> "opcode-0x" + Integer.toHexString(opcode);
        };
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(opcodeName(opcode));
        if (!fin) {
            s.append(" (no FIN)");
        }
        if (rsv != 0) {
            s.append(" RSV=").append(Integer.toBinaryString(rsv));
        }
        if (masked != null) {
            s.append(masked ? " masked" : " unmasked");
        }
        s.append(" [").append(payload.length).append(" bytes");
        if (opcode == CLOSE && payload.length >= 2) {
            s.append(", code ").append(closeCode());
        }
        if (payload.length > 0) {
            int shown = Math.min(payload.length, 24);
            s.append(": ").append(HexFormat.of().formatHex(payload, 0, shown)).append(shown < payload.length ? "..." : "");
        }
        return s.append(']').toString();
    }
}
