package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One frame as found in the engine's output, parsed by an independent decoder (RFC 6455 section 5.2) that
 * also insists on what a sender MUST do: the minimal length encoding, and masking exactly when expected.
 *
 * @param payload the unmasked payload
 */
public record WireFrame(boolean fin, int rsv, int opcode, boolean masked, int maskKey, byte[] payload) {

    /**
     * Parses all of {@code bytes} into frames.
     *
     * @param expectMasked whether every frame must be masked (output of a client engine) or none (server)
     * @throws AssertionError on a truncated frame, a non-minimal length, or the wrong masking
     */
    public static List<WireFrame> parseAll(byte[] bytes, boolean expectMasked) {
        List<WireFrame> frames = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            need(bytes, i, 2);
            int b0 = bytes[i] & 0xFF;
            int b1 = bytes[i + 1] & 0xFF;
            i += 2;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7F;
            if (length == 126) {
                need(bytes, i, 2);
                length = (bytes[i] & 0xFF) << 8 | (bytes[i + 1] & 0xFF);
                i += 2;
                if (length <= 125) {
                    throw new AssertionError("16-bit length " + length + " is not minimal (section 5.2)");
                }
            } else if (length == 127) {
                need(bytes, i, 8);
                length = 0;
                for (int k = 0; k < 8; k++) {
                    length = length << 8 | (bytes[i + k] & 0xFF);
                }
                i += 8;
                if (length <= 0xFFFF) {
                    throw new AssertionError("64-bit length " + length + " is not minimal (section 5.2)");
                }
            }
            if (masked != expectMasked) {
                throw new AssertionError((masked ? "masked" : "unmasked") + " frame where "
                        + (expectMasked ? "masked" : "unmasked") + " was expected (section 5.1)");
            }
            int key = 0;
            if (masked) {
                need(bytes, i, 4);
                key = (bytes[i] & 0xFF) << 24 | (bytes[i + 1] & 0xFF) << 16 | (bytes[i + 2] & 0xFF) << 8
                        | (bytes[i + 3] & 0xFF);
                i += 4;
            }
            need(bytes, i, length);
            byte[] payload = new byte[(int) length];
            for (int k = 0; k < length; k++) {
                payload[k] = masked ? (byte) (bytes[i + k] ^ Frames.keyByte(key, k)) : bytes[i + k];
            }
            i += (int) length;
            frames.add(new WireFrame((b0 & 0x80) != 0, (b0 >>> 4) & 7, b0 & 0xF, masked, key, payload));
        }
        return frames;
    }

    private static void need(byte[] bytes, int at, long n) {
        if (at + n > bytes.length) {
            throw new AssertionError("truncated frame in the output: need " + n + " bytes at " + at + " of "
                    + bytes.length);
        }
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame, or 1005 when it has no payload (section 7.1.5). */
    public int closeCode() {
        if (opcode != Opcode.CLOSE) {
            throw new AssertionError("not a close frame: " + this);
        }
        if (payload.length == 0) {
            return CloseCodes.NO_STATUS;
        }
        if (payload.length == 1) {
            throw new AssertionError("close frame with a 1-byte payload");
        }
        return (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
    }

    public String closeReason() {
        if (payload.length < 2) {
            return "";
        }
        return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    /** A compact form for equality in assertions: {@code "ping 48656c6c6f"}, {@code "close 1002"}. */
    public String describe() {
        String prefix = (fin ? "" : "nofin ") + (rsv != 0 ? "rsv" + rsv + " " : "");
        if (opcode == Opcode.CLOSE) {
            return prefix + "close " + closeCode();
        }
        return prefix + Opcode.name(opcode) + " " + Frames.hex(payload);
    }

    @Override
    public String toString() {
        return "WireFrame[" + describe() + (masked ? ", key " + Integer.toHexString(maskKey) : "") + "]";
    }
}
