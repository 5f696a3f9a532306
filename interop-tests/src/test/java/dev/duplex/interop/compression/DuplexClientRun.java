package dev.duplex.interop.compression;

import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.interop.compression.Payloads.Message;
import dev.duplex.testsupport.MessageCollector;
import dev.duplex.testsupport.RecordingListener.Closed;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.WebSocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duplex's client side of a compression scenario: connects with the given extension factories, sends every
 * {@link Payloads} message (those with an odd index in pieces through {@code startMessage} with a ping after the
 * first piece, the others whole), checks each echo byte for byte and the pongs, then closes with 1000 "done".
 */
final class DuplexClientRun {

    private DuplexClientRun() {
    }

    /**
     * Runs the scenario against {@code uri} and returns the {@code WebSocket.extensions()} Duplex agreed.
     * Fails on any wrong echo or an unclean close.
     */
    static String run(URI uri, ExtensionFactory... extensions) throws Exception {
        return run(uri, true, extensions);
    }

    /**
     * As {@link #run(URI, ExtensionFactory...)}; {@code pingInsideMessages} false leaves out the pings sent
     * between the pieces of fragmented messages, for servers that cannot take them there.
     */
    static String run(URI uri, boolean pingInsideMessages, ExtensionFactory... extensions) throws Exception {
        try (WebSocketClient client = WebSocketClient.builder().extensions(extensions).build()) {
            MessageCollector r = new MessageCollector();
            WebSocket ws = client.connect(uri, r).get(10, TimeUnit.SECONDS);
            String agreed = ws.extensions();
            for (Message m : Payloads.MESSAGES) {
                send(ws, m, pingInsideMessages);
                Object echo = r.messages.poll(30, TimeUnit.SECONDS);
                assertThat(echo).as("echo of %s; errors %s", m, r.errors).isNotNull();
                if (m.text()) {
                    assertThat(echo).as("echo of %s", m).isInstanceOf(String.class);
                    byte[] got = ((String) echo).getBytes(StandardCharsets.UTF_8);
                    assertThat(Payloads.difference(m.bytes(), got)).as("echo of %s", m).isEqualTo("equal");
                } else {
                    assertThat(echo).as("echo of %s", m).isInstanceOf(byte[].class);
                    assertThat(Payloads.difference(m.bytes(), (byte[]) echo)).as("echo of %s", m).isEqualTo("equal");
                }
            }
            List<String> pings = pingInsideMessages ? Payloads.duplexPings() : List.of();
            assertThat(DuplexEchoServer.take(r.pongs, pings.size(), Duration.ofSeconds(5)))
                    .as("pongs to the pings sent inside fragmented messages").isEqualTo(pings);
            ws.close(1000, "done").get(10, TimeUnit.SECONDS);
            assertThat(r.closed.get(10, TimeUnit.SECONDS)).extracting(Closed::code, Closed::clean)
                    .containsExactly(1000, true);
            assertThat(r.errors).isEmpty();
            return agreed;
        }
    }

    private static void send(WebSocket ws, Message m, boolean ping) throws Exception {
        if (m.duplexFragments()) {
            MessageWriter writer = ws.startMessage(m.text() ? MessageType.TEXT : MessageType.BINARY);
            List<ByteBuffer> pieces = Payloads.pieces(m.bytes(), m.duplexCuts());
            CompletableFuture<Void> last = null;
            for (int i = 0; i < pieces.size(); i++) {
                last = writer.write(pieces.get(i), i == pieces.size() - 1);
                if (i == 0 && pieces.size() > 1 && ping) {
                    ws.sendPing(StandardCharsets.UTF_8.encode(Payloads.pingPayload(m.index())));
                }
            }
            last.get(30, TimeUnit.SECONDS);
        } else if (m.text()) {
            ws.sendText(m.string()).get(30, TimeUnit.SECONDS);
        } else {
            ws.sendBinary(ByteBuffer.wrap(m.bytes())).get(30, TimeUnit.SECONDS);
        }
    }
}
