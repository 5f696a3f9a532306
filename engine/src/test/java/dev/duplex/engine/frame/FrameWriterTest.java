package dev.duplex.engine.frame;

import dev.duplex.engine.Frames;
import dev.duplex.engine.MemoryOutput;
import dev.duplex.engine.WireFrame;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame writer alone (RFC 6455 sections 5.2, 5.3, 5.7), over large and tiny output chunks. */
class FrameWriterTest {
    private static final String[] OUTPUTS = {"large", "tiny", "direct", "littleEndian"};

    @Test
    @DisplayName("5.2: header bytes at every length boundary, masked and unmasked")
    void headersAtBoundaries() {
        long[][] expected = {{0, 0x00}, {125, 0x7D}, {126, 0x7E}, {65535, 0x7E}, {65536, 0x7F}, {70_000, 0x7F}};
        for (String output : OUTPUTS) {
            for (long[] e : expected) {
                int n = (int) e[0];
                for (boolean mask : new boolean[]{false, true}) {
                    MemoryOutput out = MemoryOutput.named(output);
                    FrameWriter.write(out, true, 0, Opcode.BINARY, ByteBuffer.wrap(Frames.pattern(n)), 0, n, mask,
                            0x37FA213D);
                    byte[] bytes = out.bytes();
                    byte[] header = Frames.header(true, 0, Opcode.BINARY, n, mask ? 0x37FA213D : null);
                    assertThat(bytes[1] & 0x7F).isEqualTo((int) e[1]);
                    assertThat(java.util.Arrays.copyOf(bytes, header.length)).as("%s, %d bytes", output, n)
                            .isEqualTo(header);
                    assertThat(bytes).isEqualTo(Frames.frame(true, 0, Opcode.BINARY, Frames.pattern(n),
                            mask ? 0x37FA213D : null));
                }
            }
        }
    }

    @Test
    @DisplayName("5.2: FIN, RSV bits and opcode go into the first byte")
    void firstByte() {
        MemoryOutput out = MemoryOutput.large();
        FrameWriter.write(out, false, 0b100, Opcode.TEXT, ByteBuffer.allocate(0), 0, 0, false, 0);
        FrameWriter.write(out, true, 0b011, Opcode.CONTINUATION, ByteBuffer.allocate(0), 0, 0, false, 0);
        FrameWriter.write(out, true, 0, Opcode.PONG, ByteBuffer.allocate(0), 0, 0, false, 0);
        assertThat(out.bytes()).isEqualTo(Frames.hex("41 00 b0 00 8a 00"));
    }

    @Test
    @DisplayName("5.3: a payload range inside a larger buffer, masked across chunk boundaries at every key offset")
    void payloadRangeAndChunks() {
        byte[] big = Frames.pattern(500);
        for (String output : OUTPUTS) {
            for (int from = 0; from < 8; from++) {
                MemoryOutput out = MemoryOutput.named(output);
                ByteBuffer src = ByteBuffer.wrap(big).position(123);
                FrameWriter.write(out, true, 0, Opcode.BINARY, src, from, from + 300, true, 0x0A0B0C0D);
                assertThat(src.position()).isEqualTo(123);
                List<WireFrame> frames = WireFrame.parseAll(out.bytes(), true);
                assertThat(frames).hasSize(1);
                assertThat(frames.get(0).maskKey()).isEqualTo(0x0A0B0C0D);
                assertThat(frames.get(0).payload()).as("%s from %d", output, from)
                        .isEqualTo(java.util.Arrays.copyOfRange(big, from, from + 300));
            }
        }
    }
}
