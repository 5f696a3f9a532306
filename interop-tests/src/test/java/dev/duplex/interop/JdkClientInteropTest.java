package dev.duplex.interop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDK's {@code java.net.http.WebSocket} client against Duplex's server. */
class JdkClientInteropTest {

    /** Collects whole messages (the JDK client delivers them in parts). */
    static final class Collector implements WebSocket.Listener {
        final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final LinkedBlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        private StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text = new StringBuilder();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining());
            copy.put(message).flip();
            pongs.add(copy);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("JDK client: subprotocol, text and binary of every length class, ping/pong, close both ways")
    void jdkClient() throws Exception {
        try (InteropServer server = new InteropServer(); HttpClient http = HttpClient.newHttpClient()) {
            Collector c = new Collector();
            WebSocket ws = http.newWebSocketBuilder().subprotocols("chat", "superchat")
                    .buildAsync(URI.create(server.url()), c).get(10, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEqualTo("chat");
            for (int size : new int[] {0, 125, 126, 65535, 65536, 1 << 20}) {
                String text = "é".repeat(size / 2) + "x".repeat(size % 2);
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
                assertThat(c.messages.poll(10, TimeUnit.SECONDS)).as("text of %d bytes", size).isEqualTo(text);
                byte[] bytes = new byte[size];
                for (int i = 0; i < size; i++) {
                    bytes[i] = (byte) (i * 13);
                }
                ws.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
                assertThat((byte[]) c.messages.poll(10, TimeUnit.SECONDS)).as("binary of %d bytes", size)
                        .isEqualTo(bytes);
            }
            // A message in three frames (section 5.4).
            ws.sendText("frag", false).get(5, TimeUnit.SECONDS);
            ws.sendText("ment", false).get(5, TimeUnit.SECONDS);
            ws.sendText("ed", true).get(5, TimeUnit.SECONDS);
            assertThat(c.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("fragmented");
            ws.sendPing(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
            assertThat(c.pongs.poll(10, TimeUnit.SECONDS)).isEqualTo(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
            ws.sendClose(4000, "client done").get(5, TimeUnit.SECONDS);
            assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4000 client done");
            assertThat(server.closes.poll(10, TimeUnit.SECONDS))
                    .isEqualTo(new InteropServer.Close(4000, "client done", true));

            // Close started by the server.
            Collector c2 = new Collector();
            WebSocket ws2 = http.newWebSocketBuilder().buildAsync(URI.create(server.url()), c2).get(10, TimeUnit.SECONDS);
            ws2.sendText("please-close", true);
            assertThat(c2.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4001 server says bye");
        }
    }
}
