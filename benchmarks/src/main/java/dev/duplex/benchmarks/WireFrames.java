package dev.duplex.benchmarks;

import dev.duplex.engine.OutputBuffer;
import dev.duplex.engine.frame.FrameWriter;
import dev.duplex.engine.frame.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Input for the benchmarks: frames as a client sends them (masked), written by the engine's own writer. */
final class WireFrames {
    private WireFrames() {
    }

    /** {@code count} masked, final frames of {@code opcode}, each carrying {@code payload}, back to back. */
    static byte[] masked(int count, int opcode, byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(count * (payload.length + 14));
        OutputBuffer out = min -> buf;
        ByteBuffer p = ByteBuffer.wrap(payload);
        for (int i = 0; i < count; i++) {
            FrameWriter.write(out, true, 0, opcode, p, 0, payload.length, true, 0x5A3C_9F01 + i * 0x01000193);
        }
        buf.flip();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return bytes;
    }

    /** {@code count} masked text frames of {@code size} ASCII bytes. */
    static byte[] maskedText(int count, int size) {
        return masked(count, Opcode.TEXT, ascii(size).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code size} bytes of printable ASCII. */
    static String ascii(int size) {
        StringBuilder b = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            b.append((char) ('a' + i % 26));
        }
        return b.toString();
    }

    /**
     * Exactly {@code size} bytes of valid UTF-8 text: mostly ASCII with 2-, 3- and 4-byte sequences mixed in
     * (about a third of the bytes are in multi-byte sequences), padded with ASCII at the end.
     */
    static byte[] mixedUtf8(int size) {
        String sample = "Grüße, Jürgen! Ça coûte 20 €. 東京は晴れ 😀 ok; ";
        byte[] unit = sample.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        int i = 0;
        while (i < size) {
            // copy whole code points of the sample while they fit
            for (int k = 0; k < unit.length && i < size; ) {
                int len = sequenceLength(unit[k]);
                if (i + len > size) {
                    break;
                }
                System.arraycopy(unit, k, out, i, len);
                i += len;
                k += len;
            }
            if (i < size && size - i < 4) {
                while (i < size) {
                    out[i++] = 'x';
                }
            }
        }
        return out;
    }

    private static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }
}
