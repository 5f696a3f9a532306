package dev.duplex.interop.legacy;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.HttpHeadParser;
import dev.duplex.engine.handshake.OpeningRequest;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.engine.handshake.ServerHandshake;
import dev.duplex.interop.legacy.LegacyClientInteropTest.Recorder;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static dev.duplex.interop.legacy.LegacyWireTest.concat;
import static dev.duplex.interop.legacy.LegacyWireTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large and split hixie frames against Duplex's own client (the third-party legacy peers are too fragile for them,
 * PEERS.md): a scripted server that answers the handshake with this project's {@link ServerHandshake} and then
 * writes frames byte by byte, in random pieces, or broken; and Duplex's client against Duplex's server with
 * multi-megabyte messages both ways.
 */
@Timeout(60)
class LegacyClientFramingTest {
    private WebSocketClient client;

    @BeforeEach
    void start() {
        client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofSeconds(3))
                .engineConfig(EngineConfig.builder().maxMessageSize(8 * 1024 * 1024).build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    /** One accepted connection of a scripted hixie-76 server, after its handshake. */
    static final class ScriptedServer implements AutoCloseable {
        final ServerSocket listener;
        Socket socket;
        InputStream in;
        OutputStream out;

        ScriptedServer() throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        }

        int port() {
            return listener.getLocalPort();
        }

        /** Accepts the client, reads its request head and 8-byte body, answers as this project's server would. */
        void handshake() throws Exception {
            listener.setSoTimeout(10_000);
            socket = listener.accept();
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());
            while (!parser.parse(ByteBuffer.wrap(new byte[] {(byte) in.read()}))) {
                // one byte at a time: nothing past the head is consumed
            }
            OpeningRequest offer = ServerHandshake.validate(parser.request(), ProtocolVersion.all());
            assertThat(ProtocolVersion.of(offer)).isEqualTo(ProtocolVersion.HIXIE_76);
            byte[] key3 = in.readNBytes(8);
            ByteBuffer response = ServerHandshake.accept(offer, null, null, null, false, ByteBuffer.wrap(key3));
            out.write(response.array(), 0, response.limit());
            out.flush();
        }

        void writeByteByByte(byte[] bytes) throws IOException, InterruptedException {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(1);
            }
        }

        void writeInRandomPieces(byte[] bytes, long seed) throws IOException {
            SplittableRandom random = new SplittableRandom(seed);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, random.nextInt(1, 70_000));
                out.write(bytes, at, n);
                out.flush();
                at += n;
            }
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            listener.close();
        }
    }

    private WebSocket connect(ScriptedServer server, Recorder events) throws Exception {
        var future = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/x"),
                ConnectOptions.builder().protocolVersion(ProtocolVersion.HIXIE_76).build(), events);
        server.handshake();
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("frames split at every byte, length-prefixed frames between them, then 0xFF 0x00 answered")
    void splitAtEveryByte() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            Recorder events = new Recorder();
            connect(server, events);
            server.writeByteByByte(concat(frame("κόσμε 😀 split"), new byte[] {(byte) 0x81, 0x01, 'z'}, frame(""),
                    frame("third")));
            assertThat(events.next()).isEqualTo("text κόσμε 😀 split");
            assertThat(events.next()).isEqualTo("text ");
            assertThat(events.next()).isEqualTo("text third");

            server.writeByteByByte(new byte[] {(byte) 0xFF, 0x00});
            assertThat(server.in.readNBytes(2)).containsExactly(0xFF, 0x00);
            assertThat(events.next()).isEqualTo("close 1005 clean");
        }
    }

    @Test
    @DisplayName("a 6 MiB frame written in random pieces arrives whole")
    void largeFrameInPieces() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            Recorder events = new Recorder();
            connect(server, events);
            String big = "abcdefghijklmnopqrstuvwxyzκόσμε".repeat(6 * 1024 * 1024 / 36);
            server.writeInRandomPieces(concat(frame(big), frame("after")), 7);

            assertThat(events.next()).isEqualTo("text " + big.length() + " chars");
            assertThat(events.next()).isEqualTo("text after");
        }
    }

    @Test
    @DisplayName("a frame past the client's message limit without its terminator: 1009, 0xFF 0x00 sent")
    void tooLargeForTheClient() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            Recorder events = new Recorder();
            connect(server, events);
            byte[] start = new byte[1 + 8 * 1024 * 1024 + 1];
            Arrays.fill(start, (byte) 'x');
            start[0] = 0x00;
            server.writeInRandomPieces(start, 3);

            assertThat(events.next()).startsWith("error ");
            assertThat(events.next()).isEqualTo("close 1009 unclean");
            assertThat(server.in.readNBytes(2)).containsExactly(0xFF, 0x00);
        }
    }

    @Test
    @DisplayName("garbage from the server: 1002 on the client, which ends the connection")
    void garbageFromTheServer() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            Recorder events = new Recorder();
            connect(server, events);
            server.out.write(concat(frame("fine"), new byte[] {0x42}));
            server.out.flush();

            assertThat(events.next()).isEqualTo("text fine");
            assertThat(events.next()).startsWith("error frame type 0x42");
            assertThat(events.next()).isEqualTo("close 1002 unclean");
            assertThat(server.in.readNBytes(2)).containsExactly(0xFF, 0x00);
        }
    }

    @Test
    @DisplayName("Duplex client and server, hixie-76: 4 MiB each way, many small messages, then the close handshake")
    void duplexBothEnds() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all(),
                EngineConfig.builder().maxMessageSize(8 * 1024 * 1024).build())) {
            Recorder events = new Recorder();
            WebSocket ws = client.connect(URI.create(server.url()),
                    ConnectOptions.builder().protocolVersion(ProtocolVersion.HIXIE_76).build(), events)
                    .get(10, TimeUnit.SECONDS);
            String big = "κόσμε-0123456789".repeat(4 * 1024 * 1024 / 21);
            ws.sendText(big);
            assertThat(events.next()).isEqualTo("text " + big.length() + " chars");
            for (int i = 0; i < 200; i++) {
                ws.sendText("m" + i);
            }
            for (int i = 0; i < 200; i++) {
                assertThat(events.next()).isEqualTo("text m" + i);
            }
            var writer = ws.startMessage(dev.duplex.transport.MessageType.TEXT);
            byte[] utf8 = "streamed κόσμε".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < utf8.length; i++) {
                writer.write(ByteBuffer.wrap(utf8, i, 1), i == utf8.length - 1);
            }
            assertThat(events.next()).isEqualTo("text streamed κόσμε");
            ws.close();
            assertThat(events.next()).isEqualTo("close 1005 clean");
            assertThat(server.nextStartingWith("close")).isEqualTo("close 1005 clean");
        }
    }
}
