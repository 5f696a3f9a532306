package dev.duplex.http2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Frame-level rules (RFC 9113 sections 4.1, 4.2, 5.5, 6), fed as hand-built bytes to a server. */
class FrameLayerTest extends Http2TestBase {

    private static H2 server() {
        return H2.handshakenServer(Http2Config.defaults());
    }

    @Test
    void unknownFrameTypesAreIgnoredOnAnyStream() {
        H2 s = server();
        // Sections 4.1 and 5.5: frames of unknown types are ignored.
        s.recv(Wire.frame(0x42, 0xff, 0, Wire.utf8("ext")), Wire.frame(0xfa, 0, 7, new byte[100]), Wire.ping(9));
        assertThat(s.sent()).containsExactly("PING(ACK, 9)");
        assertThat(s.takeRendered()).containsExactly("PingReceived[opaque=9]");
    }

    @Test
    void unknownFlagsAreIgnored() {
        H2 s = server();
        // Section 4.1: flags a type does not define are ignored (0xfe: everything but ACK).
        s.recv(Wire.frame(0x6, 0xfe, 0, ByteBuffer.allocate(8).putLong(5).array()));
        assertThat(s.sent()).containsExactly("PING(ACK, 5)");
        s.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM | 0x02 | 0x10 | 0x40 | 0x80, Wire.request("/")));
        assertThat(s.takeRendered()).last().asString().startsWith("Headers(1, END_STREAM, :method=GET");
    }

    @Test
    void theReservedBitOfTheStreamIdentifierIsIgnored() {
        H2 s = server();
        // Section 4.1: the reserved bit "MUST remain unset when sending and MUST be ignored when receiving".
        s.recv(Wire.headers(0x80000001, Wire.END_HEADERS, Wire.request("/")));
        assertThat(s.takeRendered()).singleElement().asString().startsWith("Headers(1, :method=GET");
    }

    @Test
    void aFrameAboveMaxFrameSizeFailsFromItsHeaderAlone() {
        H2 s = server();
        // Section 4.2: FRAME_SIZE_ERROR, decided before any payload octet arrives (no buffer reserved).
        s.recv(Wire.header(16_385, 0x0, 0, 1));
        assertThat(s.sent()).containsExactly("GOAWAY(0, FRAME_SIZE_ERROR)");
        assertThat(s.takeEvents()).singleElement().isInstanceOf(Http2Event.ConnectionFailed.class);
    }

    @Test
    void aLargerMaxFrameSizeIsAccepted() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxFrameSize(20_000).build());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.data(1, Wire.END_STREAM, new byte[20_000]));
        assertThat(s.takeRendered()).hasSize(2);
        s.recv(Wire.header(20_001, 0x0, 0, 1));
        assertThat(s.sent()).containsExactly("GOAWAY(1, FRAME_SIZE_ERROR)");
    }

    @Test
    void paddingIsRemovedFromDataAndCountedForFlowControl() {
        H2 s = server();
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")),
                Wire.paddedData(1, 0, Wire.utf8("abc"), 10), Wire.paddedData(1, Wire.END_STREAM, new byte[0], 0));
        // Section 6.1: the pad length octet and the padding count toward flow control (6.9).
        assertThat(s.takeRendered()).containsExactly(
                "Headers(1, :method=GET, :scheme=https, :path=/, :authority=example.com)",
                "Data(1, \"abc\", 14)", "Data(1, \"\", END_STREAM, 1)");
    }

    @Test
    void paddingAsLongAsThePayloadIsAProtocolError() {
        H2 s = server();
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")));
        // Section 6.1: "If the length of the padding is the length of the frame payload or greater" -> PROTOCOL_ERROR.
        s.recv(Wire.frame(0x0, Wire.PADDED, 1, new byte[] {3, 0, 0}));
        assertThat(s.sent()).containsExactly("GOAWAY(1, PROTOCOL_ERROR)");
    }

    @Test
    void paddedDataWithoutThePadLengthOctetIsAFrameSizeError() {
        H2 s = server();
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.frame(0x0, Wire.PADDED, 1, new byte[0]));
        // Section 4.2: too small to contain mandatory frame data.
        assertThat(s.sent()).containsExactly("GOAWAY(1, FRAME_SIZE_ERROR)");
    }

    @Test
    void paddedHeadersWithTooMuchPaddingIsAProtocolError() {
        H2 s = server();
        byte[] block = Wire.request("/");
        byte[] payload = Wire.concat(new byte[] {(byte) (block.length + 1)}, block);
        // Section 6.2: padding that exceeds the remaining size of the field block fragment -> PROTOCOL_ERROR.
        s.recv(Wire.frame(0x1, Wire.END_HEADERS | Wire.PADDED, 1, payload));
        assertThat(s.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void headersPriorityFieldsAreReadAndIgnored() {
        H2 s = server();
        byte[] block = Wire.request("/p");
        byte[] payload = Wire.concat(new byte[] {4}, new byte[] {(byte) 0x80, 0, 0, 3, 99}, block, new byte[4]);
        // Sections 6.2 and 5.3.2: the PRIORITY flag's fields are skipped; priority is not acted on.
        s.recv(Wire.frame(0x1, Wire.END_HEADERS | Wire.PADDED | Wire.PRIORITY_FLAG | Wire.END_STREAM, 1, payload));
        assertThat(s.takeRendered()).singleElement().asString().contains(":path=/p");
    }

    @Test
    void headersDependingOnItselfIsAStreamError() {
        H2 s = server();
        byte[] payload = Wire.concat(new byte[] {0, 0, 0, 1, 16}, Wire.request("/"));
        s.recv(Wire.frame(0x1, Wire.END_HEADERS | Wire.PRIORITY_FLAG, 1, payload));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
    }

    @Test
    void priorityFramesAreIgnoredButChecked() {
        H2 s = server();
        // Section 5.1: PRIORITY is allowed on idle streams and does not open them; 5.3.2: ignored.
        s.recv(Wire.priority(5, 0), Wire.priority(3, 1));
        assertThat(s.conn.streamState(5)).isEqualTo(StreamState.IDLE);
        s.recv(Wire.headers(3, Wire.END_HEADERS, Wire.request("/")));
        // Section 6.3: a PRIORITY frame of another length than 5 is a stream error FRAME_SIZE_ERROR.
        s.recv(Wire.frame(0x2, 0, 3, new byte[4]));
        // A stream that depends on itself is a stream error PROTOCOL_ERROR (RFC 7540 5.3.1).
        s.recv(Wire.headers(5, Wire.END_HEADERS, Wire.request("/")), Wire.priority(5, 5));
        assertThat(s.sent()).containsExactly("RST_STREAM(3, FRAME_SIZE_ERROR)", "RST_STREAM(5, PROTOCOL_ERROR)");
        // PRIORITY on a closed stream is still fine (5.1).
        s.recv(Wire.priority(3, 0));
        assertThat(s.sent()).isEmpty();
    }

    static Stream<Arguments> streamZeroRules() {
        byte[] four = new byte[4];
        return Stream.of(
                arguments("DATA on stream 0 (6.1)", Wire.data(0, 0, "x")),
                arguments("HEADERS on stream 0 (6.2)", Wire.headers(0, Wire.END_HEADERS, Wire.request("/"))),
                arguments("PRIORITY on stream 0 (6.3)", Wire.priority(0, 1)),
                arguments("RST_STREAM on stream 0 (6.4)", Wire.frame(0x3, 0, 0, four)),
                arguments("PUSH_PROMISE on stream 0 (6.6)", Wire.pushPromise(0, 2, Wire.request("/"))),
                arguments("CONTINUATION on stream 0 (6.10)", Wire.continuation(0, Wire.END_HEADERS, new byte[0])),
                arguments("SETTINGS on stream 1 (6.5)", Wire.frame(0x4, 0, 1, new byte[0])),
                arguments("PING on stream 1 (6.7)", Wire.frame(0x6, 0, 1, new byte[8])),
                arguments("GOAWAY on stream 1 (6.8)", Wire.frame(0x7, 0, 1, new byte[8])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamZeroRules")
    void streamIdentifierRulesOfEachType(String rule, byte[] frame) {
        H2 s = server();
        s.recv(frame);
        assertThat(s.sent()).as(rule).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    static Stream<Arguments> lengthRules() {
        return Stream.of(
                arguments("RST_STREAM of 3 octets (6.4)", Wire.frame(0x3, 0, 1, new byte[3])),
                arguments("RST_STREAM of 5 octets (6.4)", Wire.frame(0x3, 0, 1, new byte[5])),
                arguments("SETTINGS of 5 octets (6.5)", Wire.frame(0x4, 0, 0, new byte[5])),
                arguments("SETTINGS ACK with a payload (6.5)", Wire.frame(0x4, Wire.ACK, 0, new byte[6])),
                arguments("PING of 7 octets (6.7)", Wire.frame(0x6, 0, 0, new byte[7])),
                arguments("PING of 9 octets (6.7)", Wire.frame(0x6, 0, 0, new byte[9])),
                arguments("GOAWAY of 7 octets (6.8)", Wire.frame(0x7, 0, 0, new byte[7])),
                arguments("WINDOW_UPDATE of 3 octets (6.9)", Wire.frame(0x8, 0, 0, new byte[3])),
                arguments("WINDOW_UPDATE of 5 octets on a stream (6.9)", Wire.frame(0x8, 0, 1, new byte[] {0, 0, 0, 1, 0})),
                arguments("HEADERS with PRIORITY shorter than 5 (4.2)", Wire.frame(0x1, Wire.PRIORITY_FLAG
                        | Wire.END_HEADERS, 1, new byte[4])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthRules")
    void lengthRulesAreConnectionErrorsFrameSizeError(String rule, byte[] frame) {
        H2 s = server();
        s.recv(frame);
        assertThat(s.sent()).as(rule).containsExactly("GOAWAY(0, FRAME_SIZE_ERROR)");
    }

    @Test
    void writerAndReaderRoundTripEveryFrameKind() {
        TestOutput out = new TestOutput(2);
        FrameWriter w = new FrameWriter(out);
        w.settings(List.of(new Frame.Setting(3, 10), new Frame.Setting(0x99, 7)));
        w.settingsAck();
        w.ping(true, -1);
        w.goAway(7, ErrorCode.ENHANCE_YOUR_CALM, "calm down", 16_384);
        w.windowUpdate(3, 0x7fffffff);
        w.rstStream(5, ErrorCode.CANCEL);
        w.data(1, ByteBuffer.wrap(Wire.utf8("payload")), 7, true);
        w.headers(1, ByteBuffer.wrap(new byte[40_000]), false, 16_384);
        List<Frame> frames = Wire.parse(out.bytes());
        assertThat(frames.subList(0, 6)).containsExactly(
                new Frame.SettingsFrame(false, List.of(new Frame.Setting(3, 10), new Frame.Setting(0x99, 7))),
                new Frame.SettingsFrame(true, List.of()),
                new Frame.Ping(true, -1),
                new Frame.GoAway(7, ErrorCode.ENHANCE_YOUR_CALM, "calm down"),
                new Frame.WindowUpdate(3, 0x7fffffff),
                new Frame.RstStream(5, ErrorCode.CANCEL));
        assertThat(frames.subList(6, frames.size())).extracting(H2::render).containsExactly("DATA(1, 7, END_STREAM)",
                "HEADERS(1)", "CONTINUATION(1)", "CONTINUATION(1)");
    }

    @Test
    void readerIsResumableAcrossEverySplit() {
        byte[] bytes = Wire.concat(Wire.ping(1), Wire.data(3, 1, "hello"), Wire.settings(4, 100));
        for (int split = 0; split <= bytes.length; split++) {
            FrameReader r = new FrameReader(16_384);
            ByteBuffer a = ByteBuffer.wrap(bytes, 0, split);
            ByteBuffer b = ByteBuffer.wrap(bytes, split, bytes.length - split);
            List<String> frames = new java.util.ArrayList<>();
            for (ByteBuffer in : List.of(a, b)) {
                for (Frame f = r.next(in); f != null; f = r.next(in)) {
                    frames.add(H2.render(f));
                }
            }
            assertThat(frames).as("split at " + split).containsExactly("PING(1)", "DATA(3, 5, END_STREAM)",
                    "SETTINGS(4=100)");
        }
    }

    @Test
    void unknownErrorCodesReadAsInternalError() {
        // Section 7: unknown error codes MUST NOT trigger special behavior; they map to INTERNAL_ERROR.
        H2 s = server();
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.frame(0x3, 0, 1, new byte[] {0, 0, 1, 0}));
        assertThat(s.takeRendered()).contains("StreamReset[streamId=1, code=INTERNAL_ERROR, local=false]");
    }
}
