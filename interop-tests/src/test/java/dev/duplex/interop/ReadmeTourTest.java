package dev.duplex.interop;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's API tour, run as written (with a port chosen by the system), so the README stays true. */
class ReadmeTourTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("README API tour: server with auth hook, subprotocol, compression; client with streaming and close")
    void tour() throws Exception {
        LinkedBlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Integer> binarySizes = new LinkedBlockingQueue<>();
        WebSocketServer server = WebSocketServer.builder()
                .host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.defaults())
                .route("/echo", new WebSocketHandler() {
                    @Override
                    public HandshakeDecision onHandshake(HandshakeRequest request) {
                        if (request.headers().first("Authorization") == null) {
                            return HandshakeDecision.reject(401, "log in first");
                        }
                        return request.subprotocols().contains("chat")
                                ? HandshakeDecision.accept("chat") : HandshakeDecision.accept();
                    }

                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.sendText(text);
                    }

                    @Override
                    public void onBinary(WebSocket ws, ByteBuffer data) {
                        binarySizes.add(data.remaining());
                    }

                    @Override
                    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                        closes.add(code);
                    }
                })
                .build()
                .start();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/echo");
        try (WebSocketClient client = WebSocketClient.builder().extensions(PerMessageDeflate.defaults()).build()) {
            LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
            WebSocket ws = client.connect(uri,
                    ConnectOptions.builder().subprotocols("chat").header("Authorization", "Bearer x").build(),
                    new WebSocketListener() {
                        @Override
                        public void onText(WebSocket ws, String text) {
                            texts.add(text);
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertThat(ws.subprotocol()).isEqualTo("chat");
            assertThat(ws.extensions()).isEqualTo("permessage-deflate");
            ws.sendText("hello").get(10, TimeUnit.SECONDS);
            assertThat(texts.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
            MessageWriter big = ws.startMessage(MessageType.BINARY);
            big.write(ByteBuffer.wrap(new byte[1 << 20]), false);
            big.write(ByteBuffer.wrap(new byte[1 << 20]), true).get(10, TimeUnit.SECONDS);
            assertThat(binarySizes.poll(10, TimeUnit.SECONDS)).isEqualTo(2 << 20);
            ws.close(1000, "bye").get(10, TimeUnit.SECONDS);
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo(1000);

            // Without the Authorization header the hook refuses with 401, and the client sees the status.
            CompletableFuture<WebSocket> refused = client.connect(uri, new WebSocketListener() {
            });
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(401));
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
    }
}
