package dev.duplex.client;

import dev.duplex.testsupport.RecordingListener;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client to server and back, over ws and wss, at the sizes where the frame header changes form
 * (RFC 6455 section 5.2: 7-bit, 16-bit and 64-bit lengths).
 */
@Timeout(60)
class EchoTest {
    private static Fixture plain;
    private static Fixture secure;

    @BeforeAll
    static void start() throws Exception {
        plain = new Fixture(false);
        secure = new Fixture(true);
    }

    @AfterAll
    static void stop() {
        plain.close();
        secure.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(false, true).flatMap(tls -> Stream.of(0, 125, 126, 65535, 65536, 1 << 20)
                .map(size -> Arguments.of(tls, size)));
    }

    @ParameterizedTest(name = "wss={0} size={1}")
    @MethodSource("cases")
    void echoesTextAndBinary(boolean tls, int size) throws Exception {
        Fixture f = tls ? secure : plain;
        RecordingListener events = new RecordingListener();
        WebSocket ws = f.client.connect(f.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        events.next(RecordingListener.Opened.class);

        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        CompletableFuture<Void> sent = ws.sendBinary(ByteBuffer.wrap(bytes));
        assertThat(events.next(RecordingListener.Binary.class).data()).isEqualTo(ByteBuffer.wrap(bytes));
        assertThat(sent).isCompleted();

        String text = "ü".repeat(size / 2) + "!".repeat(size % 2);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        ws.sendText(text);
        assertThat(events.next(RecordingListener.Text.class).text()).isEqualTo(text);
        assertThat(ws.bufferedAmount()).isZero();

        assertThat(ws.close()).succeedsWithin(5, TimeUnit.SECONDS);
        assertThat(events.next(RecordingListener.Closed.class)).isEqualTo(new RecordingListener.Closed(1000, "", true));
    }
}
