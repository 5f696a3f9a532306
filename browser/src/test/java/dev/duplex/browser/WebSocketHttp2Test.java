package dev.duplex.browser;

import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.tls.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The carrier of a {@link WebSocket}: like Chromium, {@code wss://} runs over HTTP/2 (RFC 8441) when the server
 * chooses {@code h2} by ALPN and allows extended CONNECT (section 3), sharing one connection per origin; else, and
 * for {@code ws://}, over HTTP/1.1. Failing one WebSocket (a refused subprotocol, {@code close()} while connecting,
 * RFC 6455 section 7.1.7) ends its stream only, not the connection its siblings run on.
 */
@Timeout(30)
class WebSocketHttp2Test {
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.forLocalhost();
    /** Per {@code ?query}: the HTTP version and client port the server saw. */
    private static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();
    private static WebSocketServer h2;
    private static WebSocketServer h1;
    private static WebSocketServer cleartext;
    private static WebSocketClient client;
    private static WebSocketEnvironment environment;

    private record Seen(HttpVersion version, int clientPort) {
    }

    @BeforeAll
    static void start() throws IOException {
        h2 = server(WebSocketServer.builder().tls(CERT.serverContext()));
        h1 = server(WebSocketServer.builder().tls(CERT.serverContext()).http2(false));
        cleartext = server(WebSocketServer.builder());
        client = WebSocketEnvironment.clientBuilder().tls(CERT.clientContext()).eventLoops(1)
                .closeTimeout(Duration.ofSeconds(2)).handshakeTimeout(Duration.ofSeconds(3)).build();
        environment = WebSocketEnvironment.builder().client(client).build();
    }

    private static WebSocketServer server(WebSocketServer.Builder builder) throws IOException {
        return builder.bind(new InetSocketAddress("127.0.0.1", 0)).closeTimeout(Duration.ofSeconds(2))
                .extensions(PerMessageDeflate.defaults())
                .route("/echo", new WebSocketHandler() {
                    @Override
                    public HandshakeDecision onHandshake(HandshakeRequest request) {
                        return request.subprotocols().contains("chat") ? HandshakeDecision.accept("chat")
                                : HandshakeDecision.accept();
                    }

                    /** {@code who <name>}: records the carrier; {@code close <code> <reason>}; else echoes. */
                    @Override
                    public void onText(dev.duplex.transport.WebSocket ws, String text) {
                        if (text.startsWith("who ")) {
                            SEEN.put(text.substring(4), new Seen(ws.httpVersion(), ws.remoteAddress().getPort()));
                        }
                        if (text.startsWith("close ")) {
                            String[] words = text.split(" ", 3);
                            ws.close(Integer.parseInt(words[1]), words[2]);
                            return;
                        }
                        ws.sendText(text);
                    }
                })
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        try {
            h2.stop(Duration.ofSeconds(1));
            h1.stop(Duration.ofSeconds(1));
            cleartext.stop(Duration.ofSeconds(1));
        } finally {
            client.close();
        }
    }

    private static WebSocket open(String url, String... protocols) {
        return new WebSocket(url, List.of(protocols), environment);
    }

    private static String wss(WebSocketServer server) {
        return "wss://localhost:" + server.port() + "/echo";
    }

    /** Opens, says who it is, and waits for the echo: then the server has recorded its carrier. */
    private static Seen identify(WebSocket ws, Recorder events, String name) throws InterruptedException {
        events.next(OpenEvent.class);
        ws.send("who " + name);
        assertThat(events.next(MessageEvent.class).data()).isEqualTo("who " + name);
        return SEEN.get(name);
    }

    @Test
    void wssUsesHttp2WhenOfferedAndSharesOneConnectionPerOrigin() throws Exception {
        WebSocket a = open(wss(h2), "chat");
        Recorder aEvents = Recorder.on(a);
        WebSocket b = open(wss(h2));
        Recorder bEvents = Recorder.on(b);
        Seen seenA = identify(a, aEvents, "h2-a");
        Seen seenB = identify(b, bEvents, "h2-b");
        assertThat(seenA.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(seenB.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(seenB.clientPort()).as("one TCP connection").isEqualTo(seenA.clientPort());
        assertThat(a.protocol()).isEqualTo("chat");
        assertThat(a.extensions()).isEqualTo("permessage-deflate");
        assertThat(b.protocol()).isEmpty();

        a.close(4000, "bye a");
        assertThat(aEvents.awaitClose()).isEqualTo(new CloseEvent(a, true, 4000, "bye a"));
        b.send("close 4001 bye b");
        assertThat(bEvents.awaitClose()).isEqualTo(new CloseEvent(b, true, 4001, "bye b"));
    }

    @Test
    void wssUsesHttp11WhenTheServerDoesNotOfferHttp2() throws Exception {
        WebSocket a = open(wss(h1));
        Recorder aEvents = Recorder.on(a);
        WebSocket b = open(wss(h1));
        Recorder bEvents = Recorder.on(b);
        Seen seenA = identify(a, aEvents, "h1-a");
        Seen seenB = identify(b, bEvents, "h1-b");
        assertThat(seenA.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(seenB.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(seenB.clientPort()).as("a TCP connection each").isNotEqualTo(seenA.clientPort());
        a.close(1000);
        b.close(1000);
        assertThat(aEvents.awaitClose().wasClean()).isTrue();
        assertThat(bEvents.awaitClose().wasClean()).isTrue();
    }

    @Test
    void wsStaysOnHttp11EvenWhenTheServerSpeaksCleartextHttp2() throws Exception {
        WebSocket ws = open("ws://127.0.0.1:" + cleartext.port() + "/echo");
        Recorder events = Recorder.on(ws);
        assertThat(identify(ws, events, "cleartext").version()).isEqualTo(HttpVersion.HTTP_1_1);
        ws.close();
        assertThat(events.awaitClose().wasClean()).isTrue();
    }

    @Test
    void failingOneStreamLeavesTheSharedConnectionToTheOthers() throws Exception {
        WebSocket survivor = open(wss(h2));
        Recorder survivorEvents = Recorder.on(survivor);
        Seen before = identify(survivor, survivorEvents, "survivor-1");
        assertThat(before.version()).isEqualTo(HttpVersion.HTTP_2);

        // #concept-websocket-establish: protocols offered, none selected: the connection is failed.
        WebSocket mismatch = open(wss(h2), "superchat");
        Recorder mismatchEvents = Recorder.on(mismatch);
        assertThat(mismatchEvents.next(ErrorEvent.class)).isNotNull();
        assertThat(mismatchEvents.next(CloseEvent.class)).isEqualTo(new CloseEvent(mismatch, false, 1006, ""));

        // #dom-websocket-close while CONNECTING: fail the connection.
        WebSocket cancelled = open(wss(h2));
        Recorder cancelledEvents = Recorder.on(cancelled);
        cancelled.close();
        assertThat(cancelledEvents.next(ErrorEvent.class)).isNotNull();
        assertThat(cancelledEvents.next(CloseEvent.class)).isEqualTo(new CloseEvent(cancelled, false, 1006, ""));

        survivor.send("who survivor-2");
        assertThat(survivorEvents.next(MessageEvent.class).data()).isEqualTo("who survivor-2");
        assertThat(SEEN.get("survivor-2").clientPort()).isEqualTo(before.clientPort());
        WebSocket later = open(wss(h2));
        Recorder laterEvents = Recorder.on(later);
        assertThat(identify(later, laterEvents, "later").clientPort()).as("the same connection")
                .isEqualTo(before.clientPort());
        survivor.close();
        later.close();
        assertThat(survivorEvents.awaitClose().wasClean()).isTrue();
        assertThat(laterEvents.awaitClose().wasClean()).isTrue();
    }
}
