package dev.duplex.interop.legacy;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.testsupport.EventLog;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Duplex's client speaking each legacy version to Netty's server (handshakers 00 for hixie-76 and hixie-75, 07, 08)
 * and to Java-WebSocket 1.3.0's server ({@code Draft_75}, {@code Draft_76}, {@code Draft_10}). Small messages, one
 * write each (PEERS.md: those servers are fragile with split frames).
 */
@Timeout(60)
class LegacyClientInteropTest {
    private WebSocketClient client;

    /** Records the client's events as strings. */
    static final class Recorder implements WebSocketListener {
        final EventLog events = new EventLog();

        @Override
        public void onText(WebSocket ws, String text) {
            events.add("text " + (text.length() > 64 ? text.length() + " chars" : text));
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            events.add("binary " + data.remaining());
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add("error " + error.getMessage());
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            events.add("close " + code + (clean ? " clean" : " unclean"));
        }

        String next() throws InterruptedException {
            return events.next();
        }
    }

    @BeforeEach
    void start() {
        client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofSeconds(3)).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private WebSocket connect(String url, ProtocolVersion version, Recorder recorder) throws Exception {
        return client.connect(URI.create(url), ConnectOptions.builder().protocolVersion(version).build(), recorder)
                .get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "Duplex client {0} against Netty's server")
    @EnumSource(value = ProtocolVersion.class, names = {"HIXIE_76", "HIXIE_75", "HYBI_08", "HYBI_07", "RFC_6455"})
    void nettyServer(ProtocolVersion version) throws Exception {
        try (NettyLegacyPeers.Server server = new NettyLegacyPeers.Server()) {
            Recorder events = new Recorder();
            WebSocket ws = connect("ws://127.0.0.1:" + server.port + "/ws", version, events);
            assertThat(ws.protocolVersion()).isEqualTo(version);
            assertThat(server.next()).isEqualTo("request " + switch (version) {
                case HIXIE_76 -> "hixie-76";
                case HIXIE_75 -> "hixie-75";
                default -> "version " + version.number();
            });

            ws.sendText("hello legacy").get(10, TimeUnit.SECONDS);
            assertThat(events.next()).isEqualTo("text hello legacy");
            ws.sendText("κόσμε").get(10, TimeUnit.SECONDS);
            assertThat(events.next()).isEqualTo("text κόσμε");

            ws.close().get(10, TimeUnit.SECONDS);
            // hixie-76: Netty answers 0xFF 0x00; hixie-75 has no closing handshake (this end closes at once).
            assertThat(events.next()).isEqualTo(version.usesHixieFraming() ? "close 1005 clean" : "close 1000 clean");
            assertThat(server.nextStartingWith("tcp closed")).isEqualTo("tcp closed");
        }
    }

    @ParameterizedTest(name = "Duplex client {1} against Java-WebSocket 1.3.0's {0} server")
    @CsvSource({"Draft_76, HIXIE_76", "Draft_75, HIXIE_75", "Draft_10, HYBI_08", "Draft_10, HYBI_07",
            "Draft_17, RFC_6455"})
    void javaWebSocketServer(String draft, ProtocolVersion version) throws Exception {
        try (Jw13.Server server = new Jw13.Server(List.of(draft))) {
            Recorder events = new Recorder();
            WebSocket ws = connect("ws://127.0.0.1:" + server.port + "/", version, events);
            assertThat(server.next()).isEqualTo("open " + draft);

            ws.sendText("hello legacy").get(10, TimeUnit.SECONDS);
            assertThat(events.next()).isEqualTo("text hello legacy");
            assertThat(server.next()).isEqualTo("text hello legacy");

            ws.close().get(10, TimeUnit.SECONDS);
            String close = events.next();
            switch (version) {
                // Java-WebSocket's Draft_76 closes one way: it ends TCP instead of answering 0xFF 0x00.
                case HIXIE_76 -> assertThat(close).startsWith("close 100");
                case HIXIE_75 -> assertThat(close).isEqualTo("close 1005 clean");
                default -> assertThat(close).isEqualTo("close 1000 clean");
            }
            assertThat(server.next()).startsWith("close ");
        }
    }

    @Test
    void javaWebSocketServerClosesHixie76() throws Exception {
        try (Jw13.Server server = new Jw13.Server(List.of("Draft_76"))) {
            Recorder events = new Recorder();
            WebSocket ws = connect("ws://127.0.0.1:" + server.port + "/", ProtocolVersion.HIXIE_76, events);
            assertThat(server.next()).isEqualTo("open Draft_76");
            ws.sendText("one").get(10, TimeUnit.SECONDS);
            assertThat(events.next()).isEqualTo("text one");
            // The server closes this connection (not server.stop(): Java-WebSocket 1.3.0's stop interrupts its
            // selector thread at once, which sometimes leaves the socket open without the close frame written).
            ws.sendText("close me").get(10, TimeUnit.SECONDS);
            assertThat(server.next()).isEqualTo("text one");
            assertThat(server.next()).isEqualTo("text close me");
            assertThat(events.next()).startsWith("close 100");
        }
    }

    @Test
    void hixieSendsTheVersionCannotCarryFailClearly() throws Exception {
        try (NettyLegacyPeers.Server server = new NettyLegacyPeers.Server()) {
            Recorder events = new Recorder();
            WebSocket ws = connect("ws://127.0.0.1:" + server.port + "/ws", ProtocolVersion.HIXIE_76, events);

            assertThatThrownBy(() -> ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2})).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hixie-76 cannot carry binary messages");
            assertThatThrownBy(() -> ws.sendPing(ByteBuffer.allocate(0)).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("hixie-76 cannot carry pings");
            assertThatThrownBy(() -> ws.startMessage(dev.duplex.transport.MessageType.BINARY)
                    .write(ByteBuffer.wrap(new byte[] {1}), true).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("hixie-76 cannot carry binary messages");
            // the connection is still usable
            ws.sendText("still open").get(10, TimeUnit.SECONDS);
            assertThat(events.next()).isEqualTo("text still open");
            assertThat(ws.isOpen()).isTrue();
            ws.close();
            assertThat(events.next()).isEqualTo("close 1005 clean");
        }
    }
}
