package dev.duplex.http2;

import dev.duplex.http2.hpack.HeaderField;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client and a server connection talking to each other in memory (RFC 9113 sections 5.1, 8.1). */
class ExchangeTest extends Http2TestBase {

    static final List<HeaderField> GET = Wire.fields(":method", "GET", ":scheme", "https", ":path", "/",
            ":authority", "example.com");

    @Test
    void requestAndResponseCloseWithEndStreamBothWays() {
        Link link = new Link();
        int id = link.client.call(c -> c.openStream(GET, true));
        assertThat(id).isEqualTo(1);
        assertThat(link.client.conn.streamState(1)).isEqualTo(StreamState.HALF_CLOSED_LOCAL);
        link.pump();
        assertThat(link.server.takeRendered()).containsExactly(
                "Headers(1, END_STREAM, :method=GET, :scheme=https, :path=/, :authority=example.com)");
        assertThat(link.server.conn.streamState(1)).isEqualTo(StreamState.HALF_CLOSED_REMOTE);

        link.server.run(c -> c.sendHeaders(1, Wire.fields(":status", "200", "content-length", "5"), false));
        assertThat(link.server.sendData(1, Wire.utf8("hello"), true)).isEqualTo(5);
        // Section 5.1: sending END_STREAM in half-closed (remote) closes the stream.
        assertThat(link.server.takeRendered()).containsExactly("StreamClosed[streamId=1]");
        assertThat(link.server.conn.streamState(1)).isEqualTo(StreamState.CLOSED);
        link.pump();
        assertThat(link.client.takeRendered()).containsExactly(
                "Headers(1, :status=200, content-length=5)",
                "Data(1, \"hello\", END_STREAM, 5)",
                "StreamClosed[streamId=1]");
        assertThat(link.client.conn.activeStreams()).isZero();
        assertThat(link.server.conn.activeStreams()).isZero();
    }

    @Test
    void requestBodyTrailersAndStreamIdsIncreaseByTwo() {
        Link link = new Link();
        int first = link.client.call(c -> c.openStream(Wire.fields(":method", "POST", ":scheme", "https",
                ":path", "/upload", ":authority", "a"), false));
        int second = link.client.call(c -> c.openStream(GET, true));
        assertThat(List.of(first, second)).containsExactly(1, 3);
        link.client.sendData(1, Wire.utf8("body"), false);
        link.client.run(c -> c.sendHeaders(1, Wire.fields("x-checksum", "abc"), true));
        link.pump();
        assertThat(link.server.takeRendered()).containsExactly(
                "Headers(1, :method=POST, :scheme=https, :path=/upload, :authority=a)",
                "Headers(3, END_STREAM, :method=GET, :scheme=https, :path=/, :authority=example.com)",
                "Data(1, \"body\", 4)",
                "Headers(1, END_STREAM, x-checksum=abc)");
        // Trailers need END_STREAM; sending after END_STREAM is the caller's mistake (5.1).
        assertThatThrownBy(() -> link.client.sendData(1, Wire.utf8("more"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HALF_CLOSED_LOCAL");
        link.server.run(c -> c.sendHeaders(1, Wire.fields(":status", "204"), true));
        link.server.run(c -> c.sendHeaders(3, Wire.fields(":status", "200"), true));
        link.pump();
        assertThat(link.client.takeRendered()).containsExactly(
                "Headers(1, END_STREAM, :status=204)", "StreamClosed[streamId=1]",
                "Headers(3, END_STREAM, :status=200)", "StreamClosed[streamId=3]");
    }

    @Test
    void informationalResponsesPrecedeTheFinalOne() {
        Link link = new Link();
        link.client.call(c -> c.openStream(GET, true));
        link.pump();
        link.server.run(c -> c.sendHeaders(1, Wire.fields(":status", "103", "link", "</a.css>"), false));
        link.server.run(c -> c.sendHeaders(1, Wire.fields(":status", "200"), true));
        link.pump();
        assertThat(link.client.takeRendered()).containsExactly("Headers(1, :status=103, link=</a.css>)",
                "Headers(1, END_STREAM, :status=200)", "StreamClosed[streamId=1]");
    }

    @Test
    void headerBlocksLargerThanTheFrameSizeUseContinuation() {
        Link link = new Link();
        String big = "v".repeat(12_000);
        link.client.call(c -> c.openStream(Wire.fields(":method", "GET", ":scheme", "https", ":path", "/",
                ":authority", "a", "x-a", big, "x-b", big + "b"), true));
        byte[] wire = link.client.drain();
        List<Frame> frames = Wire.parse(wire);
        // Section 4.3, 6.10: split at the peer's SETTINGS_MAX_FRAME_SIZE (16384), END_HEADERS on the last.
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).isInstanceOfSatisfying(Frame.Headers.class, h -> {
            assertThat(h.fragment().remaining()).isEqualTo(16_384);
            assertThat(h.endHeaders()).isFalse();
            assertThat(h.endStream()).isTrue();
        });
        assertThat(frames.get(1)).isInstanceOfSatisfying(Frame.Continuation.class, c -> assertThat(c.endHeaders()).isTrue());
        link.server.recv(wire);
        // 24,000+ octets of header list exceed the default 16 KiB limit: the server answers 431 (10.5.1).
        assertThat(link.server.sent()).containsExactly("HEADERS(1, END_STREAM, :status=431)");
        assertThat(link.server.takeRendered()).containsExactly("StreamClosed[streamId=1]");
    }

    @Test
    void largeHeaderListWithinTheLimitArrivesWhole() {
        Http2Config roomy = Http2Config.builder().maxHeaderListSize(100_000).build();
        Link link = new Link(Http2Config.defaults(), roomy);
        String big = "v".repeat(20_000);
        link.client.call(c -> c.openStream(Wire.fields(":method", "GET", ":scheme", "https", ":path", "/",
                ":authority", "a", "x-big", big), true));
        link.pump();
        assertThat(link.server.takeEvents()).singleElement().isInstanceOfSatisfying(Http2Event.HeadersReceived.class,
                h -> assertThat(h.headers()).contains(new HeaderField("x-big", big)));
    }

    @Test
    void dataLargerThanTheFrameSizeIsSplitAndEndStreamGoesOnTheLastFrame() {
        Link link = new Link();
        link.client.call(c -> c.openStream(Wire.fields(":method", "POST", ":scheme", "https", ":path", "/",
                ":authority", "a"), false));
        link.pump();
        link.server.takeEvents();
        assertThat(link.client.sendData(1, Wire.bytes(40_000, 1), true)).isEqualTo(40_000);
        List<Frame> frames = Wire.parse(link.client.drainFrames());
        assertThat(frames).extracting(H2::render).containsExactly("DATA(1, 16384)", "DATA(1, 16384)",
                "DATA(1, 7232, END_STREAM)");
    }

    @Test
    void emptyDataWithEndStreamEndsTheStream() {
        Link link = new Link();
        link.client.call(c -> c.openStream(GET, false));
        assertThat(link.client.sendData(1, new byte[0], true)).isZero();
        link.pump();
        assertThat(link.server.takeRendered()).containsExactly(
                "Headers(1, :method=GET, :scheme=https, :path=/, :authority=example.com)",
                "Data(1, \"\", END_STREAM, 0)");
    }

    @Test
    void pingIsAnsweredAndAcked() {
        Link link = new Link();
        link.client.run(c -> c.ping(0x0102030405060708L));
        link.pump();
        assertThat(link.server.takeRendered()).containsExactly("PingReceived[opaque=72623859790382856]");
        assertThat(link.client.takeRendered()).containsExactly("PingAcked[opaque=72623859790382856]");
    }

    @Test
    void settingsExchangeIsAcknowledgedAndTakesEffect() {
        H2 client = H2.client(Http2Config.defaults());
        H2 server = H2.server(Http2Config.builder().maxConcurrentStreams(5).enableConnectProtocol(true).build());
        server.recv(client.drain());
        client.recv(server.drain());
        server.recv(client.drain());
        assertThat(client.takeRendered()).hasSize(3).first().asString().contains("maxConcurrentStreams=5")
                .contains("enableConnectProtocol=true");
        assertThat(client.allEvents()).last().isEqualTo(new Http2Event.SettingsAcknowledged());
        assertThat(server.takeRendered()).last().isEqualTo("SettingsAcknowledged[]");
        assertThat(server.conn.localSettings().initialWindowSize()).isEqualTo(1 << 20);
        assertThat(client.conn.remoteSettings().initialWindowSize()).isEqualTo(1 << 20);
    }

    @Test
    void streamToStringShowsItsState() {
        Link link = new Link();
        link.client.call(c -> c.openStream(GET, false));
        assertThat(link.client.conn.toString()).contains("active=1 (1 local");
    }
}
