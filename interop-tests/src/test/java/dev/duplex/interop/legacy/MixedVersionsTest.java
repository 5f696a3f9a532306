package dev.duplex.interop.legacy;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.interop.legacy.LegacyClientInteropTest.Recorder;
import dev.duplex.transport.WebSocket;
import dev.duplex.testsupport.EventLog;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Duplex server with every version enabled serves, at the same time on one port, an RFC 6455 client (the
 * JDK's), a hybi-08 client (Netty's handshaker 08) and a hixie-76 client (Java-WebSocket 1.3.0's Draft_76), plus
 * Duplex's own client in each of the five versions; messages are interleaved across all of them.
 */
@Timeout(90)
class MixedVersionsTest {

    /** The JDK client: RFC 6455 only. */
    static final class JdkClient implements java.net.http.WebSocket.Listener {
        final EventLog events = new EventLog();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add("text " + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            events.add("binary " + data.remaining());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
            events.add("close " + code);
            return null;
        }

        String next() throws InterruptedException {
            return events.next();
        }
    }

    @Test
    void everyVersionOnOnePortAtOnce() throws Exception {
        try (LegacyEchoServer server = new LegacyEchoServer(ProtocolVersion.all());
             WebSocketClient duplex = WebSocketClient.builder().eventLoops(2).build();
             HttpClient http = HttpClient.newHttpClient()) {
            URI url = URI.create(server.url());

            JdkClient jdkEvents = new JdkClient();
            java.net.http.WebSocket jdk = http.newWebSocketBuilder().buildAsync(url, jdkEvents).get(10, TimeUnit.SECONDS);
            NettyLegacyPeers.Client hybi08 = new NettyLegacyPeers.Client(url, WebSocketVersion.V08);
            Jw13.Client hixie76 = Jw13.Client.open("Draft_76", url);

            List<WebSocket> ours = new ArrayList<>();
            List<Recorder> ourEvents = new ArrayList<>();
            List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
            for (ProtocolVersion v : ProtocolVersion.values()) {
                Recorder r = new Recorder();
                ourEvents.add(r);
                connecting.add(duplex.connect(url, ConnectOptions.builder().protocolVersion(v).build(), r));
            }
            for (CompletableFuture<WebSocket> f : connecting) {
                ours.add(f.get(10, TimeUnit.SECONDS));
            }
            for (int i = 0; i < ProtocolVersion.values().length; i++) {
                assertThat(ours.get(i).protocolVersion()).isEqualTo(ProtocolVersion.values()[i]);
            }

            for (int round = 0; round < 5; round++) {
                jdk.sendText("jdk " + round, true).get(10, TimeUnit.SECONDS);
                hybi08.send("hybi-08 " + round);
                hixie76.send("hixie-76 " + round);
                for (int i = 0; i < ours.size(); i++) {
                    ours.get(i).sendText(ProtocolVersion.values()[i] + " " + round);
                }
            }
            for (int round = 0; round < 5; round++) {
                assertThat(jdkEvents.next()).isEqualTo("text jdk " + round);
                assertThat(hybi08.next()).isEqualTo("text hybi-08 " + round);
                assertThat(hixie76.next()).isEqualTo("text hixie-76 " + round);
                for (int i = 0; i < ours.size(); i++) {
                    assertThat(ourEvents.get(i).next()).isEqualTo("text " + ProtocolVersion.values()[i] + " " + round);
                }
            }
            // Binary where the version carries it.
            jdk.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
            assertThat(jdkEvents.next()).isEqualTo("binary 3");
            ours.get(0).sendBinary(ByteBuffer.wrap(new byte[] {4, 5})).get(10, TimeUnit.SECONDS);
            assertThat(ourEvents.get(0).next()).isEqualTo("binary 2");

            List<String> opened = new ArrayList<>();
            for (String e : server.events.queue()) {
                if (e.startsWith("open ")) {
                    opened.add(e.substring(5));
                }
            }
            assertThat(opened).containsExactlyInAnyOrder("RFC 6455", "hybi-08", "hixie-76", "RFC 6455", "hybi-08",
                    "hybi-07", "hixie-76", "hixie-75");

            jdk.sendClose(1000, "").get(10, TimeUnit.SECONDS);
            assertThat(jdkEvents.next()).isEqualTo("close 1000");
            hybi08.sendClose();
            hybi08.close();
            hixie76.close();
            for (int i = 0; i < ours.size(); i++) {
                ours.get(i).close();
                assertThat(ourEvents.get(i).next()).isEqualTo(ProtocolVersion.values()[i].usesHixieFraming()
                        ? "close 1005 clean" : "close 1000 clean");
            }
        }
    }
}
