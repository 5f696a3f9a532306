package dev.duplex.fuzz;

import dev.duplex.engine.Role;
import dev.duplex.engine.frame.Masking;
import dev.duplex.engine.frame.Opcode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frames as a peer of an engine would send them (RFC 6455 section 5.2), for the seed corpus: masked with the
 * key of the RFC's examples when the engine is a server, unmasked when it is a client. Lengths and bits can be
 * set to anything, so that invalid frames can be written too.
 */
final class Wire {
    static final int KEY = 0x37FA213D;

    private final boolean masked;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Frames sent to an engine playing {@code engineRole}. */
    Wire(Role engineRole) {
        this.masked = engineRole == Role.SERVER;
    }

    /** Frames masked or not, whatever the engine's role (for frames with the wrong masking). */
    static Wire masked(boolean masked) {
        return new Wire(masked ? Role.SERVER : Role.CLIENT);
    }

    Wire frame(boolean fin, int rsv, int opcode, byte[] payload) {
        header(fin, rsv, opcode, payload.length);
        byte[] body = payload.clone();
        if (masked) {
            Masking.maskReference(body, 0, body.length, KEY, 0);
        }
        out.writeBytes(body);
        return this;
    }

    Wire frame(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, payload);
    }

    /** A header announcing {@code length} bytes (a negative length sets the most significant bit), no payload. */
    Wire header(boolean fin, int rsv, int opcode, long length) {
        out.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (length >= 0 && length <= 125) {
            out.write(maskBit | (int) length);
        } else if (length >= 0 && length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
        if (masked) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(KEY >>> shift);
            }
        }
        return this;
    }

    /** Raw bytes, such as a payload cut short. */
    Wire raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    Wire text(String s) {
        return frame(true, Opcode.TEXT, utf8(s));
    }

    Wire binary(byte[] b) {
        return frame(true, Opcode.BINARY, b);
    }

    Wire ping(String s) {
        return frame(true, Opcode.PING, utf8(s));
    }

    Wire pong(String s) {
        return frame(true, Opcode.PONG, utf8(s));
    }

    Wire close(int code, String reason) {
        byte[] why = utf8(reason);
        byte[] payload = new byte[2 + why.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(why, 0, payload, 2, why.length);
        return frame(true, Opcode.CLOSE, payload);
    }

    Wire close() {
        return frame(true, Opcode.CLOSE, new byte[0]);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
