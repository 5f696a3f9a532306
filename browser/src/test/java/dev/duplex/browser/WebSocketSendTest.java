package dev.duplex.browser;

import dev.duplex.client.WebSocketClient;
import dev.duplex.transport.OverflowPolicy;
import dev.duplex.transport.SendBufferOverflowException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code send()} and {@code bufferedAmount} (https://websockets.spec.whatwg.org/#dom-websocket-send). */
@Timeout(30)
class WebSocketSendTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebSocket opened(String path, Recorder[] events) throws InterruptedException {
        WebSocket ws = server.open(path);
        events[0] = Recorder.on(ws);
        events[0].next(OpenEvent.class);
        return ws;
    }

    @Test
    void everyKindOfSendWhileConnectingIsAnInvalidStateError() throws Exception {
        // "If the readyState attribute is CONNECTING, it must throw an InvalidStateError", and bufferedAmount
        // does not change.
        try (RawServer silent = RawServer.silent()) {
            WebSocket ws = new WebSocket(silent.url("/"), List.of(), server.environment);
            List<Runnable> sends = List.of(() -> ws.send("text"), () -> ws.send(new byte[3]),
                    () -> ws.send(ByteBuffer.allocate(3)), () -> ws.send(Blob.ofText("blob")));
            for (Runnable send : sends) {
                assertThatThrownBy(send::run).isInstanceOfSatisfying(DOMException.class, e -> {
                    assertThat(e.name()).isEqualTo("InvalidStateError");
                    assertThat(e.code()).isEqualTo(11);
                    assertThat(e).hasMessage("Still in CONNECTING state.");
                });
            }
            assertThat(ws.bufferedAmount()).isZero();
            ws.close();
        }
    }

    @Test
    void textBinaryBufferAndBlobAreSentAsMessages() throws Exception {
        Recorder[] events = new Recorder[1];
        WebSocket ws = opened("/echo", events);
        ws.setBinaryType(BinaryType.ARRAYBUFFER);
        ws.send("héllo 𝄞");
        ws.send(new byte[]{1, 2, 3});
        ByteBuffer buffer = ByteBuffer.wrap(new byte[]{9, 8, 7, 6, 5}).position(1).limit(4);
        ws.send(buffer);
        assertThat(buffer.position()).isEqualTo(1);
        buffer.put(1, (byte) 0); // copied at the call: the change is not sent
        ws.send(Blob.of(new byte[]{42}, "application/x-test"));
        assertThat(events[0].next(MessageEvent.class).data()).isEqualTo("héllo 𝄞");
        assertThat(events[0].next(MessageEvent.class).bytes()).containsExactly(1, 2, 3);
        assertThat(events[0].next(MessageEvent.class).bytes()).containsExactly(8, 7, 6);
        assertThat(events[0].next(MessageEvent.class).bytes()).containsExactly(42);
        ws.close(1000, "done");
        events[0].awaitClose();
    }

    @Test
    void loneSurrogatesAreSentAsReplacementCharacters() throws Exception {
        // send(USVString): the string is converted to scalar values first.
        Recorder[] events = new Recorder[1];
        WebSocket ws = opened("/echo", events);
        ws.send("a\uD800b\uDC00");
        assertThat(events[0].next(MessageEvent.class).data()).isEqualTo("a\uFFFDb\uFFFD");
        ws.close();
        events[0].awaitClose();
    }

    @Test
    void bufferedAmountFallsBackToZeroOnceTheBytesAreWritten() throws Exception {
        Recorder[] events = new Recorder[1];
        WebSocket ws = opened("/echo", events);
        byte[] big = new byte[1 << 20];
        ws.send(big);
        ws.send("x".repeat(1000));
        assertThat(ws.bufferedAmount()).isBetween(0L, (1L << 20) + 1000);
        events[0].next(MessageEvent.class);
        events[0].next(MessageEvent.class);
        assertThat(ws.bufferedAmount()).isZero();
        ws.close();
        events[0].awaitClose();
    }

    @Test
    void afterCloseSendsOnlyIncreaseBufferedAmount() throws Exception {
        // "Any invocation of this method ... that does not throw an exception must increase bufferedAmount":
        // while CLOSING or CLOSED nothing is sent, and the value never goes back down.
        // The close event (which sets CLOSED) may come back within microseconds on loopback: hold the socket's
        // event tasks while "the script" runs, as a browser runs queued tasks only after it.
        HoldableExecutor tasks = new HoldableExecutor(server.environment.eventExecutor());
        WebSocket ws = server.open("/echo?after-close", tasks);
        Recorder[] events = {Recorder.on(ws)};
        events[0].next(OpenEvent.class);
        tasks.hold();
        ws.close(4000, "bye");
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSING);
        ws.send("abc");
        ws.send("é");
        ws.send("𝄞");
        ws.send("\uD800");
        assertThat(ws.bufferedAmount()).isEqualTo(3 + 2 + 4 + 3);
        ws.send(new byte[5]);
        ws.send(ByteBuffer.allocate(10).position(3));
        ws.send(Blob.ofText("blob!"));
        assertThat(ws.bufferedAmount()).isEqualTo(12 + 5 + 7 + 5);
        tasks.release();
        CloseEvent close = events[0].awaitClose();
        assertThat(close.code()).isEqualTo(4000);
        ws.send("more");
        assertThat(ws.readyState()).isEqualTo(WebSocket.CLOSED);
        assertThat(ws.bufferedAmount()).isEqualTo(29 + 4);
        TestServer.Closed seen = server.awaitServerClose("after-close");
        assertThat(seen.messagesIn()).isZero();
        assertThat(events[0].types()).containsExactly("open", "close");
    }

    @Test
    void aSendThatCannotBeBufferedFlagsTheSocketAsFullAndClosesTheConnection() throws Exception {
        // "if the data cannot be sent, e.g. because it would need to be buffered but the buffer is full, the user
        // agent must flag the WebSocket as full and then close the WebSocket connection": error, then close 1006.
        try (RawServer stalled = RawServer.answeringThenNotReading();
             WebSocketClient small = WebSocketClient.builder().eventLoops(1).maxBufferedBytes(256 * 1024)
                     .overflowPolicy(OverflowPolicy.FAIL_SEND).build()) {
            WebSocket ws = new WebSocket(stalled.url("/"), List.of(), WebSocketEnvironment.builder().client(small).build());
            Recorder events = Recorder.on(ws);
            events.next(OpenEvent.class);
            byte[] chunk = new byte[256 * 1024];
            long sent = 0;
            while (events.events.isEmpty() && sent < 512L * 1024 * 1024) {
                ws.send(chunk);
                sent += chunk.length;
                Thread.sleep(sent % (8 * chunk.length) == 0 ? 5 : 0);
            }
            assertThat(events.next(ErrorEvent.class).cause()).isInstanceOf(SendBufferOverflowException.class);
            assertThat(events.next(CloseEvent.class)).isEqualTo(new CloseEvent(ws, false, 1006, ""));
            assertThat(ws.bufferedAmount()).isPositive();
        }
    }

    @Test
    void blobsAreImmutableValues() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        Blob blob = Blob.of(bytes, "Text/Plain");
        bytes[0] = 'j';
        assertThat(blob.text()).isEqualTo("hello");
        assertThat(blob.type()).isEqualTo("text/plain");
        assertThat(Blob.of(new byte[0], "bad\u00e9").type()).isEmpty();
        assertThat(blob.size()).isEqualTo(5);
        assertThat(blob.slice(1, -1).text()).isEqualTo("ell");
        assertThat(blob.slice(-3, 100, "x/y")).isEqualTo(Blob.of("llo".getBytes(StandardCharsets.UTF_8), "x/y"));
        assertThat(blob.slice(4, 2).size()).isZero();
        blob.bytes()[0] = 'j';
        blob.arrayBuffer().put(0, (byte) 'j');
        assertThat(blob.text()).isEqualTo("hello");
        assertThat(Blob.ofText("é").size()).isEqualTo(2);
        assertThat(blob).hasToString("Blob[5 bytes, text/plain]");
    }
}
