package dev.duplex.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The constructor steps (https://websockets.spec.whatwg.org/#dom-websocket-websocket) and the initial
 * attribute values. Valid sockets here use port 1, a "bad port" (Fetch Standard), so nothing touches the network.
 */
@Timeout(30)
class WebSocketConstructorTest {

    private static DOMException syntaxError(Runnable construct) {
        try {
            construct.run();
        } catch (DOMException e) {
            assertThat(e.name()).isEqualTo("SyntaxError");
            assertThat(e.kind()).isEqualTo(DOMException.Name.SYNTAX_ERROR);
            assertThat(e.code()).isEqualTo(12);
            return e;
        }
        throw new AssertionError("no SyntaxError");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /echo                    | a relative URL needs a base URL
            echo                     | a relative URL needs a base URL
            ""                       | a relative URL needs a base URL
            ftp://example.com:1/     | The URL's scheme must be 'ws', 'wss', 'http' or 'https'. 'ftp' is not allowed
            file:///etc/passwd       | 'file' is not allowed
            javascript:alert(1)      | 'javascript' is not allowed
            ws://example.com:1/#     | The URL contains a fragment identifier ('#')
            ws://example.com:1/#top  | The URL contains a fragment identifier ('#top')
            http://example.com:1/#x  | fragment identifier
            ws://                    | no host
            ws://h:65536/            | port out of range
            ws://exa mple.com:1/     | forbidden character in host
            ws://[::1:1/             | unclosed IPv6 address
            """)
    void urlStepsThrowSyntaxError(String url, String message) {
        // Steps 1-2 ("get a URL record"): parse failure, scheme other than ws/wss after mapping http(s), fragment.
        DOMException e = syntaxError(() -> new WebSocket(url));
        assertThat(e).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ws://example.com:1             | ws://example.com:1/
            http://example.com:1/a?b       | ws://example.com:1/a?b
            https://example.com:1/         | wss://example.com:1/
            HTTPS://EXAMPLE.COM:443/       | wss://example.com/
            http://example.com:443/        | ws://example.com:443/
            wss://127.0.0.1:1/x/../y z     | wss://127.0.0.1:1/y%20z
            """)
    void mapsHttpSchemesAndSerializesTheUrl(String url, String serialized) {
        WebSocket ws = new WebSocket(url);
        assertThat(ws.url()).isEqualTo(serialized);
        ws.close();
    }

    @Test
    void resolvesRelativeUrlsAgainstTheEnvironmentsBaseUrl() {
        WebSocketEnvironment page = WebSocketEnvironment.builder().baseUrl("http://example.com:1/app/index.html").build();
        WebSocket ws = new WebSocket("../chat?room=1", List.of(), page);
        assertThat(ws.url()).isEqualTo("ws://example.com:1/chat?room=1");
        ws.close();
        assertThat(syntaxError(() -> new WebSocket("#x", List.of(), page))).hasMessageContaining("fragment");
    }

    @Test
    void aBaseUrlMustBeAbsolute() {
        assertThatThrownBy(() -> WebSocketEnvironment.builder().baseUrl("/relative").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base URL");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "a b", "x,y", "chat;v=1", "a\"b", "(x)", "a/b", "é", "tab\t", "{x}", "a\u007f"})
    void protocolThatIsNotATokenIsASyntaxError(String protocol) {
        // Step 4: each protocol must match the Sec-WebSocket-Protocol element syntax (a token).
        assertThat(syntaxError(() -> new WebSocket("ws://example.com:1/", protocol)))
                .hasMessageContaining("is invalid");
    }

    @Test
    void duplicateProtocolIsASyntaxErrorButCaseDiffers() {
        // Step 4: "occur more than once", compared as strings.
        assertThat(syntaxError(() -> new WebSocket("ws://example.com:1/", "chat", "v2", "chat")))
                .hasMessage("The subprotocol 'chat' is duplicated.");
        WebSocket ws = new WebSocket("ws://example.com:1/", "chat", "Chat", "!#$%&'*+-.^_`|~09AZaz");
        ws.close();
    }

    @Test
    void urlErrorsComeBeforeProtocolErrors() {
        assertThat(syntaxError(() -> new WebSocket("ftp://x/", "a b"))).hasMessageContaining("scheme");
    }

    @Test
    void initialAttributes() {
        // "When the object is created its readyState must be set to CONNECTING"; protocol and extensions are
        // initially empty, binaryType is "blob", bufferedAmount 0.
        HoldableExecutor tasks = HoldableExecutor.held(); // a quick connection failure must not run its events yet
        WebSocket ws = new WebSocket("ws://example.com:1/", List.of("chat"), tasks.environment());
        assertThat(ws.readyState()).isEqualTo(WebSocket.CONNECTING);
        assertThat(ws.protocol()).isEmpty();
        assertThat(ws.extensions()).isEmpty();
        assertThat(ws.binaryType()).isEqualTo(BinaryType.BLOB);
        assertThat(ws.bufferedAmount()).isZero();
        assertThat(ws.onOpen()).isNull();
        assertThat(ws).hasToString("WebSocket[ws://example.com:1/, CONNECTING, bufferedAmount=0]");
        ws.close();
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSING);
        tasks.release();
    }

    @Test
    void constantsMatchTheInterface() {
        assertThat(List.of(WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED))
                .containsExactly(0, 1, 2, 3);
        assertThat(BinaryType.fromWebName("arraybuffer")).isEqualTo(BinaryType.ARRAYBUFFER);
        assertThat(BinaryType.BLOB.webName()).isEqualTo("blob");
    }

    @Test
    void aBadPortFailsTheConnectionWithoutConnecting() throws InterruptedException {
        // #concept-websocket-establish: the fetch is a network error ("bad port"), so the connection fails:
        // error, then close with 1006, not clean.
        WebSocket ws = new WebSocket("ws://127.0.0.1:6000/");
        Recorder events = Recorder.on(ws);
        assertThat(events.next(ErrorEvent.class).cause()).hasMessageContaining("port 6000 is blocked");
        CloseEvent close = events.next(CloseEvent.class);
        assertThat(close.code()).isEqualTo(1006);
        assertThat(close.wasClean()).isFalse();
        assertThat(close.reason()).isEmpty();
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSED);
    }
}
