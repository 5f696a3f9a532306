package dev.duplex.http2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Malformed requests and responses (RFC 9113 sections 8.1, 8.1.1, 8.2, 8.3): a stream error PROTOCOL_ERROR,
 * reported as StreamReset(local) and never as HeadersReceived; the connection goes on.
 */
class MessageValidationTest extends Http2TestBase {

    private static final String[] BASE = {":method", "GET", ":scheme", "https", ":path", "/", ":authority", "a"};

    private static String[] with(String... extra) {
        String[] all = new String[BASE.length + extra.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(extra, 0, all, BASE.length, extra.length);
        return all;
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                arguments("uppercase field name (8.2.1)", with("X-Upper", "1")),
                arguments("space in a field name (8.2.1)", with("x a", "1")),
                arguments("colon inside a field name (8.2.1)", with("x:a", "1")),
                arguments("empty field name (8.2.1)", with("", "1")),
                arguments("LF in a value (8.2.1)", with("x-a", "1\n2")),
                arguments("NUL in a value (8.2.1)", with("x-a", "1\u00002")),
                arguments("leading space in a value (8.2.1)", with("x-a", " 1")),
                arguments("trailing tab in a value (8.2.1)", with("x-a", "1\t")),
                arguments("connection (8.2.2)", with("connection", "close")),
                arguments("keep-alive (8.2.2)", with("keep-alive", "5")),
                arguments("transfer-encoding (8.2.2)", with("transfer-encoding", "chunked")),
                arguments("upgrade (8.2.2)", with("upgrade", "websocket")),
                arguments("proxy-connection (8.2.2)", with("proxy-connection", "x")),
                arguments("te other than trailers (8.2.2)", with("te", "gzip")),
                arguments("pseudo-header after a regular field (8.3)", with("x-a", "1", ":method", "GET")),
                arguments("unknown pseudo-header (8.3)", with(":bogus", "1")),
                arguments("response pseudo-header in a request (8.3)", with(":status", "200")),
                arguments("duplicate :path (8.3)", with(":path", "/again")),
                arguments("missing :method (8.3.1)", new String[] {":scheme", "https", ":path", "/"}),
                arguments("missing :scheme (8.3.1)", new String[] {":method", "GET", ":path", "/"}),
                arguments("missing :path (8.3.1)", new String[] {":method", "GET", ":scheme", "https"}),
                arguments("empty :path (8.3.1)", new String[] {":method", "GET", ":scheme", "https", ":path", ""}),
                arguments("CONNECT with :path (8.5)", new String[] {":method", "CONNECT", ":authority", "a:443",
                        ":path", "/"}),
                arguments("CONNECT without :authority (8.5)", new String[] {":method", "CONNECT"}),
                arguments(":protocol not enabled (RFC 8441 4)", new String[] {":method", "CONNECT", ":protocol",
                        "websocket", ":scheme", "https", ":path", "/chat", ":authority", "example.com"}),
                arguments("invalid content-length (8.1.1)", with("content-length", "1x")),
                arguments("differing content-lengths (8.1.1)", with("content-length", "1", "content-length", "2")),
                arguments("content-length with END_STREAM and no DATA (8.1.1)", with("content-length", "3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestsAreStreamErrors(String rule, String[] fields) {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(fields)));
        assertThat(s.sent()).as(rule).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
        assertThat(s.takeRendered()).as(rule).containsExactly("StreamReset[streamId=1, code=PROTOCOL_ERROR, local=true]",
                "StreamClosed[streamId=1]");
        // The connection goes on: the next request is served.
        s.recv(Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(BASE)));
        assertThat(s.takeRendered()).singleElement().asString().startsWith("Headers(3, END_STREAM");
    }

    @Test
    void validEdgeCasesAreAccepted() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(with("te", "trailers", "x-empty", "",
                "content-length", "0", "x-inner", "a b\tc"))),
                Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":method", "CONNECT", ":authority",
                        "example.com:443")),
                Wire.headers(5, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":method", "OPTIONS", ":scheme", "https",
                        ":path", "*")));
        assertThat(s.sent()).isEmpty();
        assertThat(s.takeEvents()).hasSize(3).allMatch(Http2Event.HeadersReceived.class::isInstance);
    }

    @Test
    void contentLengthMustMatchTheData() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(with("content-length", "4"))),
                Wire.data(1, 0, "ab"), Wire.data(1, Wire.END_STREAM, "c"));
        // Section 8.1.1: fewer octets than announced at END_STREAM.
        assertThat(s.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
        s.recv(Wire.headers(3, Wire.END_HEADERS, Wire.block(with("content-length", "2"))), Wire.data(3, 0, "abc"));
        // More than announced, detected as it arrives.
        assertThat(s.sent()).containsExactly("RST_STREAM(3, PROTOCOL_ERROR)");
        s.recv(Wire.headers(5, Wire.END_HEADERS, Wire.block(with("content-length", "3"))), Wire.data(5, 0, "ab"),
                Wire.data(5, Wire.END_STREAM, "c"));
        assertThat(s.sent()).isEmpty();
    }

    @Test
    void trailersMustEndTheStreamAndCarryNoPseudoHeaders() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(BASE)), Wire.headers(1, Wire.END_HEADERS, Wire.block("x", "1")));
        // Section 8.1: a second HEADERS without END_STREAM is malformed.
        assertThat(s.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
        s.recv(Wire.headers(3, Wire.END_HEADERS, Wire.block(BASE)),
                Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":path", "/x")));
        assertThat(s.sent()).containsExactly("RST_STREAM(3, PROTOCOL_ERROR)");
    }

    static Stream<Arguments> malformedResponses() {
        return Stream.of(
                arguments("missing :status (8.3.2)", new String[] {"x-a", "1"}),
                arguments("non-numeric :status (8.3.2)", new String[] {":status", "2xx"}),
                arguments("four-digit :status (8.3.2)", new String[] {":status", "2000"}),
                arguments("101 (8.6)", new String[] {":status", "101"}),
                arguments("request pseudo-header in a response (8.3)", new String[] {":status", "200", ":path", "/"}),
                arguments("duplicate :status (8.3.2)", new String[] {":status", "200", ":status", "204"}),
                arguments("informational with END_STREAM (8.1)", new String[] {":status", "100"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedResponses")
    void malformedResponsesAreStreamErrors(String rule, String[] fields) {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        c.sent();
        c.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(fields)));
        assertThat(c.sent()).as(rule).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
        assertThat(c.takeRendered()).as(rule).containsExactly("StreamReset[streamId=1, code=PROTOCOL_ERROR, local=true]",
                "StreamClosed[streamId=1]");
    }

    @Test
    void dataBeforeTheFinalResponseIsMalformed() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        c.sent();
        c.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(":status", "100")), Wire.data(1, 0, "x"));
        assertThat(c.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
    }

    @Test
    void responsesToHeadAndNoContentStatusesIgnoreContentLength() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.call(x -> x.openStream(Wire.fields(":method", "HEAD", ":scheme", "https", ":path", "/", ":authority", "a"), true));
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        c.sent();
        c.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":status", "200", "content-length", "10")),
                Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":status", "304", "content-length", "10")));
        assertThat(c.sent()).isEmpty();
        assertThat(c.takeEvents()).filteredOn(Http2Event.HeadersReceived.class::isInstance).hasSize(2);
    }

    @Test
    void aHeaderListAboveTheLimitIsAnswered431ByAServer() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxHeaderListSize(200).build());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(with("x-big", "v".repeat(200)))));
        // Section 10.5.1: 431, then RST_STREAM(NO_ERROR) as the request is still open (8.1).
        assertThat(s.sent()).containsExactly("HEADERS(1, END_STREAM, :status=431)", "RST_STREAM(1, NO_ERROR)");
        assertThat(s.takeRendered()).containsExactly("StreamClosed[streamId=1]");
        // Later DATA of the request is ignored; the HPACK state stayed in sync for the next request.
        s.recv(Wire.data(1, Wire.END_STREAM, "body"), Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(BASE)));
        assertThat(s.sent()).isEmpty();
        assertThat(s.takeRendered()).singleElement().asString().startsWith("Headers(3");
    }

    @Test
    void aHeaderListAboveTheLimitIsCancelledByAClient() {
        H2 c = H2.handshakenClient(Http2Config.builder().maxHeaderListSize(100).build());
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        c.sent();
        c.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(":status", "200", "x-big", "v".repeat(100))));
        assertThat(c.sent()).containsExactly("RST_STREAM(1, CANCEL)");
        assertThat(c.takeRendered()).containsExactly("StreamReset[streamId=1, code=CANCEL, local=true]",
                "StreamClosed[streamId=1]");
    }
}
