package dev.duplex.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code close()} (https://websockets.spec.whatwg.org/#dom-websocket-close) and the state transitions it causes. */
@Timeout(30)
class WebSocketCloseTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "close({0})")
    @ValueSource(ints = {0, 999, 1001, 1002, 1005, 1006, 1011, 1015, 2000, 2999, 5000, 65535, -1})
    void codeOtherThan1000Or3000To4999IsAnInvalidAccessError(int code) {
        // Step 1, checked before anything else, whatever the state.
        WebSocket ws = new WebSocket("ws://127.0.0.1:1/");
        assertThatThrownBy(() -> ws.close(code, "reason")).isInstanceOfSatisfying(DOMException.class, e -> {
            assertThat(e.name()).isEqualTo("InvalidAccessError");
            assertThat(e.code()).isEqualTo(15);
            assertThat(e).hasMessage("The close code must be either 1000, or between 3000 and 4999. " + code
                    + " is neither.");
        });
        assertThatThrownBy(() -> ws.close(code)).isInstanceOf(DOMException.class);
        assertThat(ws.readyState()).isEqualTo(WebSocket.CONNECTING);
        ws.close();
    }

    @ParameterizedTest(name = "close({0})")
    @ValueSource(ints = {1000, 3000, 3999, 4000, 4999})
    void codesAllowedToScripts(int code) {
        HoldableExecutor tasks = HoldableExecutor.held(); // the refused connection's events wait for the asserts
        WebSocket ws = new WebSocket("ws://127.0.0.1:1/", List.of(), tasks.environment());
        assertThatCode(() -> ws.close(code)).doesNotThrowAnyException();
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSING);
        tasks.release();
    }

    @Test
    void reasonLongerThan123BytesOfUtf8IsASyntaxError() {
        // Step 2: the reason is encoded as UTF-8 (lone surrogates as U+FFFD, three bytes each).
        WebSocket ws = new WebSocket("ws://127.0.0.1:1/");
        for (String tooLong : List.of("x".repeat(124), "é".repeat(62), "€".repeat(41) + "x", "\uD800".repeat(42))) {
            assertThatThrownBy(() -> ws.close(1000, tooLong)).isInstanceOfSatisfying(DOMException.class, e -> {
                assertThat(e.name()).isEqualTo("SyntaxError");
                assertThat(e).hasMessageStartingWith("The close reason must not be greater than 123 UTF-8 bytes");
            });
        }
        assertThatThrownBy(() -> ws.close(null, "x".repeat(124))).isInstanceOf(DOMException.class);
        // The code is checked first.
        assertThatThrownBy(() -> ws.close(1001, "x".repeat(124)))
                .isInstanceOfSatisfying(DOMException.class, e -> assertThat(e.name()).isEqualTo("InvalidAccessError"));
        assertThat(ws.readyState()).isEqualTo(WebSocket.CONNECTING);
        for (String fits : List.of("x".repeat(123), "€".repeat(41), "\uD800".repeat(41), "")) {
            WebSocket other = new WebSocket("ws://127.0.0.1:1/");
            assertThatCode(() -> other.close(4000, fits)).doesNotThrowAnyException();
        }
        ws.close();
    }

    @Test
    void argumentsAreCheckedEvenWhenAlreadyClosed() throws Exception {
        WebSocket ws = new WebSocket("ws://127.0.0.1:1/");
        Recorder events = Recorder.on(ws);
        events.awaitClose();
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSED);
        assertThatThrownBy(() -> ws.close(1001)).isInstanceOf(DOMException.class);
        assertThatThrownBy(() -> ws.close(1000, "x".repeat(200))).isInstanceOf(DOMException.class);
        ws.close(1000);
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSED);
    }

    @Test
    void closeWhileConnectingFailsTheConnection() throws Exception {
        // "If the WebSocket connection is not yet established: fail the WebSocket connection and set
        // readyState to CLOSING": an error event, then close 1006, not clean; never open.
        try (RawServer silent = RawServer.silent()) {
            HoldableExecutor tasks = new HoldableExecutor(server.environment.eventExecutor());
            tasks.hold(); // the failure's events run after "the script", as in a browser
            WebSocket ws = new WebSocket(silent.url("/"), List.of(), new WebSocketEnvironment(
                    server.environment.client(), server.environment.origin(), server.environment.baseUrl(), tasks,
                    server.environment.headers()));
            Recorder events = Recorder.on(ws);
            ws.close(4000, "never mind");
            assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSING);
            ws.close();
            tasks.release();
            assertThat(events.next(ErrorEvent.class).cause()).isNull();
            CloseEvent close = events.next(CloseEvent.class);
            assertThat(close).isEqualTo(new CloseEvent(ws, false, 1006, ""));
            assertThat(events.types()).containsExactly("error", "close");
            assertThat(events.all.get(0).readyState()).isEqualTo(WebSocket.CLOSED);
        }
    }

    @Test
    void closeWhileOpenStartsTheClosingHandshake() throws Exception {
        // "If the closing handshake has not yet been started: start it and set readyState to CLOSING."
        HoldableExecutor tasks = new HoldableExecutor(server.environment.eventExecutor());
        WebSocket ws = server.open("/echo?code-and-reason", tasks);
        Recorder events = Recorder.on(ws);
        events.next(OpenEvent.class);
        tasks.hold(); // the close event may come back at once on loopback: the "script" runs first
        ws.close(4321, "bye ✓");
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSING);
        ws.close(1000, "again"); // CLOSING: does nothing
        tasks.release();
        CloseEvent close = events.next(CloseEvent.class);
        assertThat(close.code()).isEqualTo(4321);
        assertThat(close.reason()).isEqualTo("bye ✓");
        assertThat(close.wasClean()).isTrue();
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSED);
        assertThat(events.all.get(1).readyState()).isEqualTo(WebSocket.CLOSED);
        TestServer.Closed seen = server.awaitServerClose("code-and-reason");
        assertThat(seen.code()).isEqualTo(4321);
        assertThat(seen.reason()).isEqualTo("bye ✓");
    }

    @Test
    void codeWithoutReasonAndReasonWithoutCode() throws Exception {
        WebSocket ws = server.open("/echo?code-only");
        Recorder events = Recorder.on(ws);
        events.next(OpenEvent.class);
        ws.close(3000);
        assertThat(events.awaitClose().code()).isEqualTo(3000);
        assertThat(server.awaitServerClose("code-only").reason()).isEmpty();

        WebSocket other = server.open("/echo?reason-only");
        Recorder otherEvents = Recorder.on(other);
        otherEvents.next(OpenEvent.class);
        other.close(null, "only a reason");
        assertThat(otherEvents.awaitClose()).isEqualTo(new CloseEvent(other, true, 1000, "only a reason"));
    }

    @Test
    void closeWithoutArgumentsSendsACloseFrameWithoutBody() throws Exception {
        // "If neither code nor reason is present, the WebSocket Close message must not have a body."
        WebSocket ws = server.open("/echo?no-body");
        Recorder events = Recorder.on(ws);
        events.next(OpenEvent.class);
        ws.close();
        assertThat(server.awaitServerClose("no-body").code()).isEqualTo(1005);
        assertThat(events.awaitClose()).isEqualTo(new CloseEvent(ws, true, 1005, ""));
    }

    @Test
    void closeFromTheServerIsClean() throws Exception {
        // #closeWebSocket: the close event carries the server's code and reason, wasClean true.
        WebSocket ws = server.open("/control");
        Recorder events = Recorder.on(ws);
        events.next(OpenEvent.class);
        ws.send("close 4001 server says bye");
        CloseEvent close = events.next(CloseEvent.class);
        assertThat(close).isEqualTo(new CloseEvent(ws, true, 4001, "server says bye"));
        assertThat(events.types()).containsExactly("open", "close");
    }

    @Test
    void serverDroppingTheConnectionIs1006WithoutError() throws Exception {
        // RFC 6455 section 7.1.5: no close frame received means 1006; the connection was not failed by this end,
        // so no error event (as Chromium does).
        WebSocket ws = server.open("/control");
        Recorder events = Recorder.on(ws);
        events.next(OpenEvent.class);
        ws.send("abort");
        assertThat(events.next(CloseEvent.class)).isEqualTo(new CloseEvent(ws, false, 1006, ""));
        assertThat(events.types()).containsExactly("open", "close");
    }

    @Test
    void serverBreakingTheProtocolFailsTheConnection() throws Exception {
        // RFC 6455 section 8.1: invalid UTF-8 in a text message fails the connection: error, then close 1006.
        byte[] invalidText = {(byte) 0x81, 0x02, (byte) 0xC3, 0x28};
        try (RawServer raw = RawServer.answeringThen(invalidText)) {
            WebSocket ws = new WebSocket(raw.url("/"), List.of(), server.environment);
            Recorder events = Recorder.on(ws);
            events.next(OpenEvent.class);
            assertThat(events.next(ErrorEvent.class).cause()).isInstanceOf(dev.duplex.engine.ProtocolException.class);
            assertThat(events.next(CloseEvent.class)).isEqualTo(new CloseEvent(ws, false, 1006, ""));
        }
    }

    @Test
    void refusedHandshakeFailsTheConnection() throws Exception {
        // #concept-websocket-establish: a status other than 101 fails the WebSocket connection.
        WebSocket ws = server.open("/refuse");
        Recorder events = Recorder.on(ws);
        assertThat(events.next(ErrorEvent.class).cause()).isNotNull();
        assertThat(events.next(CloseEvent.class)).isEqualTo(new CloseEvent(ws, false, 1006, ""));
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSED);
    }

    @Test
    void serverSelectingNoneOfTheOfferedProtocolsFailsTheConnection() throws Exception {
        // #concept-websocket-establish: protocols offered but no Sec-WebSocket-Protocol in the response.
        WebSocket ws = server.open("/none?unselected", "chat");
        Recorder events = Recorder.on(ws);
        assertThat(events.next(ErrorEvent.class).cause()).hasMessageContaining("selected none of the offered");
        assertThat(events.next(CloseEvent.class)).isEqualTo(new CloseEvent(ws, false, 1006, ""));
        assertThat(ws.protocol()).isEmpty();
    }
}
