package dev.duplex.http2;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Field blocks: HEADERS plus CONTINUATION (RFC 9113 sections 4.3, 6.2, 6.10) and the HPACK state they share. */
class FieldBlockTest extends Http2TestBase {

    private static H2 server() {
        return H2.handshakenServer(Http2Config.defaults());
    }

    private static byte[][] thirds(byte[] block) {
        int a = block.length / 3;
        int b = 2 * block.length / 3;
        return new byte[][] {Arrays.copyOfRange(block, 0, a), Arrays.copyOfRange(block, a, b),
                Arrays.copyOfRange(block, b, block.length)};
    }

    @Test
    void headersAndContinuationsFormOneBlock() {
        H2 s = server();
        byte[][] parts = thirds(Wire.request("/split"));
        s.recv(Wire.headers(1, Wire.END_STREAM, parts[0]), Wire.continuation(1, 0, parts[1]),
                Wire.continuation(1, Wire.END_HEADERS, parts[2]));
        // END_STREAM came on the HEADERS frame; the block ends with END_HEADERS on the last CONTINUATION.
        assertThat(s.takeRendered()).containsExactly(
                "Headers(1, END_STREAM, :method=GET, :scheme=https, :path=/split, :authority=example.com)");
        assertThat(s.conn.streamState(1)).isEqualTo(StreamState.HALF_CLOSED_REMOTE);
    }

    @Test
    void anyOtherFrameInsideABlockIsAProtocolErrorDecidedFromItsHeader() {
        byte[][] parts = thirds(Wire.request("/"));
        byte[][] intruders = {Wire.header(8, 0x6, 0, 0), Wire.header(1, 0x0, 0, 1), Wire.header(0, 0x9, 0, 3),
                Wire.header(5, 0x1, 0, 3), Wire.header(5, 0x2, 0, 1), Wire.header(3, 0x42, 0, 0)};
        for (byte[] intruder : intruders) {
            H2 s = server();
            s.recv(Wire.headers(1, 0, parts[0]), intruder);
            // Section 6.10: only CONTINUATION on the same stream may follow.
            assertThat(s.sent()).as(Arrays.toString(intruder)).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
            assertThat(s.takeEvents()).singleElement().isInstanceOf(Http2Event.ConnectionFailed.class);
        }
    }

    @Test
    void continuationWithoutAnOpenBlockIsAProtocolError() {
        H2 s = server();
        s.recv(Wire.continuation(1, Wire.END_HEADERS, Wire.request("/")));
        assertThat(s.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
        H2 s2 = server();
        s2.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.continuation(1, Wire.END_HEADERS, new byte[0]));
        assertThat(s2.sent()).containsExactly("GOAWAY(1, PROTOCOL_ERROR)");
    }

    @Test
    void tooManyContinuationFramesIsEnhanceYourCalm() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxContinuationFrames(3).build());
        s.recv(Wire.headers(1, 0, Wire.request("/")));
        for (int i = 0; i < 3; i++) {
            s.recv(Wire.continuation(1, 0, Wire.block("x-" + i, "v")));
        }
        assertThat(s.sent()).isEmpty();
        // The CONTINUATION flood: a 4th frame in one block ends the connection.
        s.recv(Wire.continuation(1, 0, Wire.block("x", "v")));
        assertThat(s.sent()).containsExactly("GOAWAY(0, ENHANCE_YOUR_CALM)");
        assertThat(s.takeEvents()).singleElement().isInstanceOfSatisfying(Http2Event.ConnectionFailed.class,
                e -> assertThat(e.reason()).contains("CONTINUATION flood"));
    }

    @Test
    void aBlockLargerThanTheLimitIsEnhanceYourCalmBeforeItIsGathered() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxHeaderBlockBytes(1000).build());
        s.recv(Wire.headers(1, 0, new byte[600]), Wire.continuation(1, 0, new byte[400]));
        assertThat(s.sent()).isEmpty();
        s.recv(Wire.continuation(1, 0, new byte[1]));
        assertThat(s.sent()).containsExactly("GOAWAY(0, ENHANCE_YOUR_CALM)");
        H2 s2 = H2.handshakenServer(Http2Config.builder().maxHeaderBlockBytes(1000).build());
        s2.recv(Wire.headers(1, Wire.END_HEADERS, new byte[1001]));
        assertThat(s2.sent()).containsExactly("GOAWAY(0, ENHANCE_YOUR_CALM)");
    }

    @Test
    void undecodableBlocksAreCompressionErrors() {
        H2 s = server();
        // RFC 7541 section 6.1: index 0 is an error; RFC 9113 section 4.3: a connection error COMPRESSION_ERROR.
        s.recv(Wire.headers(1, Wire.END_HEADERS, new byte[] {(byte) 0x80}));
        assertThat(s.sent()).containsExactly("GOAWAY(0, COMPRESSION_ERROR)");
        H2 s2 = server();
        s2.recv(Wire.headers(1, Wire.END_HEADERS, new byte[] {0x00, 0x05, 'a'}));
        assertThat(s2.sent()).containsExactly("GOAWAY(0, COMPRESSION_ERROR)");
    }

    /** Literal with incremental indexing, new name (RFC 7541 section 6.2.1): enters the dynamic table as index 62. */
    private static byte[] indexed(String name, String value) {
        return Wire.concat(new byte[] {0x40, (byte) name.length()}, Wire.utf8(name), new byte[] {(byte) value.length()},
                Wire.utf8(value));
    }

    @Test
    void blocksOfRejectedAndResetStreamsStillUpdateTheDecoder() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxConcurrentStreams(1).build());
        // Stream 1 is malformed (uppercase name) but its block inserts x-a: 1 (section 4.3: always decoded).
        s.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.concat(Wire.request("/"), indexed("x-a", "1"),
                Wire.block("Bad", "1"))));
        // Stream 3 is accepted; stream 5 is refused (one at a time) but inserts x-b: 2.
        s.recv(Wire.headers(3, Wire.END_HEADERS, Wire.request("/")),
                Wire.headers(5, Wire.END_HEADERS, Wire.concat(Wire.request("/"), indexed("x-b", "2"))));
        s.run(c -> c.resetStream(3, ErrorCode.CANCEL));
        // Trailers arriving on 3 after our reset are ignored but decoded: they insert x-c: 3.
        s.recv(Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, indexed("x-c", "3")));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)", "RST_STREAM(5, REFUSED_STREAM)",
                "RST_STREAM(3, CANCEL)");
        s.takeEvents();
        // Indexed fields 62, 63, 64: x-c, x-b, x-a (newest first, RFC 7541 section 2.3.3).
        s.recv(Wire.headers(7, Wire.END_HEADERS | Wire.END_STREAM, Wire.concat(Wire.request("/"),
                new byte[] {(byte) 0xbe, (byte) 0xbf, (byte) 0xc0})));
        assertThat(s.takeRendered()).singleElement().asString().endsWith(", x-c=3, x-b=2, x-a=1)");
    }

    @Test
    void assemblerToString() {
        HeaderBlockAssembler a = new HeaderBlockAssembler(100, 2);
        assertThat(a.headers(new Frame.Headers(1, java.nio.ByteBuffer.wrap(new byte[7]), false, false, false))).isNull();
        assertThat(a.toString()).isEqualTo("HeaderBlockAssembler[stream 1, 7 octets, 0 CONTINUATION]");
    }
}
