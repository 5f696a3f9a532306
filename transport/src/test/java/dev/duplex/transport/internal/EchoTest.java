package dev.duplex.transport.internal;

import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
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

/** Messages of the sizes where the frame header changes form (RFC 6455 section 5.2), both ways, TCP and TLS. */
@Timeout(60)
class EchoTest {

    /** Sends back every message it receives. */
    static final class Echo implements WebSocketListener {
        @Override
        public void onText(WebSocket ws, String text) {
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }
    }

    static Stream<Arguments> sizes() {
        return Stream.of(false, true).flatMap(tls -> Stream.of(0, 125, 126, 65535, 65536, 1 << 20)
                .map(size -> Arguments.of(tls, size)));
    }

    @ParameterizedTest(name = "tls={0} size={1}")
    @MethodSource("sizes")
    void echoesTextAndBinary(boolean tls, int size) throws Exception {
        try (Loopback loopback = new Loopback(tls)) {
            RecordingListener client = new RecordingListener();
            Loopback.Pair pair = loopback.connect(new Echo(), client);
            client.next(RecordingListener.Opened.class);

            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            CompletableFuture<Void> sent = pair.client().sendBinary(ByteBuffer.wrap(bytes));
            RecordingListener.Binary binary = client.next(RecordingListener.Binary.class);
            assertThat(sent).succeedsWithin(5, TimeUnit.SECONDS);
            assertThat(binary.data()).isEqualTo(ByteBuffer.wrap(bytes));

            String text = "é".repeat(size / 2) + "x".repeat(size % 2);
            assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(size);
            pair.client().sendText(text);
            assertThat(client.next(RecordingListener.Text.class).text()).isEqualTo(text);
            assertThat(pair.client().bufferedAmount()).isZero();
        }
    }
}
