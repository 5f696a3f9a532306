package dev.duplex.engine.frame;

import dev.duplex.engine.Frames;
import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frame parser alone, through a recording {@link FrameHandler} (RFC 6455 section 5.2; STYLE practices 3-5). */
class FrameParserTest {

    /** Records calls as strings and payload bytes (read during the call, as the contract requires). */
    static final class Recorder implements FrameHandler {
        final List<String> calls = new ArrayList<>();
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();

        @Override
        public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength) {
            calls.add("header fin=" + fin + " rsv=" + rsv + " op=" + opcode + " len=" + payloadLength);
        }

        @Override
        public void onPayload(ByteBuffer buf, int from, int to) {
            assertThat(to).isGreaterThan(from);
            byte[] b = new byte[to - from];
            buf.get(from, b);
            payload.writeBytes(b);
            calls.add("payload " + (to - from));
        }

        @Override
        public void onFrameEnd() {
            calls.add("end");
        }
    }

    private static void parse(FrameParser p, Recorder r, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        p.parse(in, r);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    @DisplayName("5.2: header fields of each length form, FIN, opcode, and the unmasked payload")
    void headerFields() {
        FrameParser p = new FrameParser(Role.SERVER, 1 << 20, 0);
        Recorder r = new Recorder();
        byte[] a = Frames.pattern(125);
        byte[] b = Frames.pattern(126);
        byte[] c = Frames.pattern(65536);
        parse(p, r, Frames.concat(Frames.frame(false, 0, Opcode.BINARY, a, 0x01020304),
                Frames.frame(true, 0, Opcode.CONTINUATION, b, 0xA0B0C0D0),
                Frames.frame(true, 0, Opcode.TEXT, c, 0x37FA213D),
                Frames.frame(true, 0, Opcode.PING, new byte[0], 0x11111111)));
        assertThat(r.calls).containsExactly(
                "header fin=false rsv=0 op=2 len=125", "payload 125", "end",
                "header fin=true rsv=0 op=0 len=126", "payload 126", "end",
                "header fin=true rsv=0 op=1 len=65536", "payload 65536", "end",
                "header fin=true rsv=0 op=9 len=0", "end");
        assertThat(r.payload.toByteArray()).isEqualTo(Frames.concat(a, b, c));
    }

    @Test
    @DisplayName("5.3: payloads are unmasked in place in the input buffer")
    void unmasksInPlace() {
        byte[] frame = Frames.frame(true, 0, Opcode.BINARY, Frames.utf8("Hello"), 0x37FA213D);
        assertThat(Frames.hex(frame)).isEqualTo("828537fa213d7f9f4d5158");
        new FrameParser(Role.SERVER, 1000, 0).parse(ByteBuffer.wrap(frame), new Recorder());
        assertThat(Arrays.copyOfRange(frame, 6, 11)).isEqualTo(Frames.utf8("Hello"));
    }

    @Test
    @DisplayName("5.2 / STYLE 3: split at every byte, the same calls (payload pieces aside) and the same bytes")
    void resumableAtEveryByte() {
        byte[] input = Frames.concat(Frames.frame(true, 0, Opcode.TEXT, Frames.pattern(300), 0x0BADF00D),
                Frames.frame(true, 0, Opcode.PONG, Frames.pattern(3), 0x12345678),
                Frames.frame(true, 0, Opcode.BINARY, Frames.pattern(70_000), 0xCAFEBABE));
        Recorder whole = new Recorder();
        parse(new FrameParser(Role.SERVER, 1 << 20, 0), whole, input.clone());
        for (int split = 0; split <= 320; split++) {
            Recorder r = new Recorder();
            FrameParser p = new FrameParser(Role.SERVER, 1 << 20, 0);
            byte[] copy = input.clone();
            parse(p, r, Arrays.copyOf(copy, split));
            parse(p, r, Arrays.copyOfRange(copy, split, copy.length));
            assertThat(r.calls.stream().filter(s -> !s.startsWith("payload")).toList()).as("split %d", split)
                    .isEqualTo(whole.calls.stream().filter(s -> !s.startsWith("payload")).toList());
            assertThat(r.payload.toByteArray()).isEqualTo(whole.payload.toByteArray());
        }
    }

    @Test
    @DisplayName("5.2, 10.4: a frame over the limit fails after its header, before any handler call")
    void limitBeforeHandler() {
        FrameParser p = new FrameParser(Role.CLIENT, 1000, 0);
        Recorder r = new Recorder();
        byte[] header = Frames.header(true, 0, Opcode.BINARY, 1L << 62, null);
        ByteBuffer in = ByteBuffer.wrap(header);
        assertThatThrownBy(() -> p.parse(in, r)).isInstanceOf(ProtocolException.MessageTooBig.class)
                .extracting(e -> ((ProtocolException) e).closeCode()).isEqualTo(1009);
        assertThat(r.calls).isEmpty();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(p.isFailed()).isTrue();
    }

    @Test
    @DisplayName("STYLE 5: after a violation the parser is failed for good and ignores all input")
    void terminalFailedState() {
        FrameParser p = new FrameParser(Role.SERVER, 1000, 0);
        Recorder r = new Recorder();
        ByteBuffer bad = ByteBuffer.wrap(Frames.frame(true, 0, Opcode.TEXT, Frames.utf8("x"), null));
        assertThatThrownBy(() -> p.parse(bad, r)).isInstanceOf(ProtocolException.ProtocolError.class);
        assertThat(p.isFailed()).isTrue();
        assertThat(p.toString()).contains("failed");
        ByteBuffer good = ByteBuffer.wrap(Frames.frame(true, 0, Opcode.TEXT, Frames.utf8("ok"), 1));
        p.parse(good, r);
        assertThat(good.hasRemaining()).isFalse();
        assertThat(r.calls).isEmpty();
    }

    @Test
    @DisplayName("5.2, 9: allowedRsv lets a negotiated extension's bits through, and only those")
    void allowedRsv() {
        FrameParser p = new FrameParser(Role.CLIENT, 1000, 0b100);
        Recorder r = new Recorder();
        parse(p, r, Frames.frame(true, 4, Opcode.TEXT, Frames.utf8("c"), null));
        assertThat(r.calls).containsExactly("header fin=true rsv=4 op=1 len=1", "payload 1", "end");
        assertThatThrownBy(() -> p.parse(ByteBuffer.wrap(Frames.frame(true, 6, Opcode.TEXT, new byte[0], null)), r))
                .isInstanceOf(ProtocolException.ProtocolError.class);

        FrameParser later = new FrameParser(Role.CLIENT, 1000, 0);
        later.allowedRsv(0b010);
        Recorder r2 = new Recorder();
        parse(later, r2, Frames.frame(true, 2, Opcode.BINARY, new byte[0], null));
        assertThat(r2.calls).containsExactly("header fin=true rsv=2 op=2 len=0", "end");
    }

    @Test
    @DisplayName("5.2: each header check throws the exception kind that carries its close code")
    void exceptionKinds() {
        Object[][] cases = {
                {Role.SERVER, Frames.frame(true, 0, 3, new byte[0], 1), 1002},
                {Role.SERVER, Frames.frame(true, 1, Opcode.TEXT, new byte[0], 1), 1002},
                {Role.SERVER, Frames.frame(true, 0, Opcode.TEXT, new byte[0], null), 1002},
                {Role.CLIENT, Frames.frame(true, 0, Opcode.TEXT, new byte[0], 1), 1002},
                {Role.CLIENT, Frames.frame(false, 0, Opcode.PING, new byte[0], null), 1002},
                {Role.CLIENT, Frames.header(true, 0, Opcode.PONG, 126, null), 1002},
                {Role.CLIENT, Frames.header(true, 0, Opcode.BINARY, -1, 64, null), 1002},
                {Role.CLIENT, Frames.header(true, 0, Opcode.BINARY, 1001, null), 1009},
        };
        for (Object[] c : cases) {
            FrameParser p = new FrameParser((Role) c[0], 1000, 0);
            assertThatThrownBy(() -> p.parse(ByteBuffer.wrap((byte[]) c[1]), new Recorder())).as(Frames.hex((byte[]) c[1]))
                    .isInstanceOf(ProtocolException.class)
                    .extracting(e -> ((ProtocolException) e).closeCode()).isEqualTo(c[2]);
        }
    }

    @Test
    @DisplayName("5.2 / STYLE habits: toString shows where the parser is")
    void describesItsState() {
        FrameParser p = new FrameParser(Role.CLIENT, 1000, 0);
        assertThat(p.toString()).contains("between frames");
        p.parse(ByteBuffer.wrap(Frames.hex("82")), new Recorder());
        assertThat(p.toString()).contains("header 1 bytes");
        p.parse(ByteBuffer.wrap(Frames.hex("0a 01 02")), new Recorder());
        assertThat(p.toString()).contains("payload left 8");
    }
}
