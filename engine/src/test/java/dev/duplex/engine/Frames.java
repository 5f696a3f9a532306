package dev.duplex.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds RFC 6455 frames byte by byte (section 5.2), independently of the engine's writer and masking code,
 * so that tests do not check the engine against itself.
 */
public final class Frames {
    private Frames() {
    }

    /**
     * One frame with the minimal length encoding; masked with {@code maskKey} (wire-order int) when it is not
     * null.
     */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, Integer maskKey) {
        byte[] header = header(fin, rsv, opcode, payload.length, maskKey);
        byte[] out = new byte[header.length + payload.length];
        System.arraycopy(header, 0, out, 0, header.length);
        for (int i = 0; i < payload.length; i++) {
            out[header.length + i] = maskKey == null ? payload[i] : (byte) (payload[i] ^ keyByte(maskKey, i));
        }
        return out;
    }

    /** A header alone announcing {@code length} bytes, with the minimal length encoding. */
    public static byte[] header(boolean fin, int rsv, int opcode, long length, Integer maskKey) {
        int form = length <= 125 ? 7 : length <= 0xFFFF ? 16 : 64;
        return header(fin, rsv, opcode, length, form, maskKey);
    }

    /** A header with a chosen length form: 7, 16 or 64 bits (section 5.2, "Payload length"). */
    public static byte[] header(boolean fin, int rsv, int opcode, long length, int form, Integer maskKey) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0xF));
        int maskBit = maskKey == null ? 0 : 0x80;
        switch (form) {
            case 7 -> h.write(maskBit | (int) length);
            case 16 -> {
                h.write(maskBit | 126);
                h.write((int) (length >>> 8) & 0xFF);
                h.write((int) length & 0xFF);
            }
            case 64 -> {
                h.write(maskBit | 127);
                for (int k = 7; k >= 0; k--) {
                    h.write((int) (length >>> (8 * k)) & 0xFF);
                }
            }
            default -> throw new IllegalArgumentException("form " + form);
        }
        if (maskKey != null) {
            for (int k = 0; k < 4; k++) {
                h.write(keyByte(maskKey, k));
            }
        }
        return h.toByteArray();
    }

    /** Byte {@code i} of the masking key in wire order, for payload byte {@code i} (section 5.3). */
    public static int keyByte(int key, int i) {
        return (key >>> (24 - 8 * (i & 3))) & 0xFF;
    }

    /** The payload of a close frame: the code in network byte order then the UTF-8 reason (section 5.5.1). */
    public static byte[] closePayload(int code, String reason) {
        return concat(new byte[]{(byte) (code >>> 8), (byte) code}, utf8(reason));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Hex with optional spaces, as written in RFC 6455 section 5.7: {@code "81 05 48 65"}. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** {@code n} bytes of a recognisable non-repeating-by-4 pattern covering all byte values. */
    public static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + i / 251);
        }
        return b;
    }

    /** {@code n} copies of an ASCII character. */
    public static byte[] ascii(char c, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }
}
