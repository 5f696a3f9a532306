package dev.duplex.server;

import dev.duplex.engine.handshake.OriginPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server answers to opening handshakes and plain HTTP requests (RFC 6455 section 4.2). */
@Timeout(30)
class HandshakeRoutingTest {
    private WebSocketServer server;

    private WebSocketServer start(WebSocketServer.Builder builder) throws Exception {
        server = builder.host("127.0.0.1").port(0).closeTimeout(Duration.ofSeconds(2)).eventLoops(2).build().start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void acceptsAValidHandshakeWithTheAcceptKeyOfSection4() throws Exception {
        start(WebSocketServer.builder().route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            RawClient.Response r = c.handshake("/chat");
            assertThat(r.status()).isEqualTo(101);
            // The example of RFC 6455 section 1.3.
            assertThat(r.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(r.header("Upgrade")).isEqualToIgnoringCase("websocket");
            c.sendText("hello");
            assertThat(c.readFrame().text()).isEqualTo("hello");
        }
    }

    @Test
    void unknownPathIs404() throws Exception {
        start(WebSocketServer.builder().route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(c.handshake("/nope").status()).isEqualTo(404);
            assertThat(c.awaitEof()).isTrue();
        }
    }

    @Test
    void queryDoesNotTakePartInRouting() throws Exception {
        start(WebSocketServer.builder().route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(c.handshake("/chat?room=1").status()).isEqualTo(101);
        }
    }

    @Test
    void plainGetOfAWebSocketRouteIs426AndOfAnHttpRouteIsTheResource() throws Exception {
        byte[] page = "<h1>demo</h1>".getBytes(StandardCharsets.UTF_8);
        start(WebSocketServer.builder().route("/ws", new Recorder(true))
                .httpRoute("/", "text/html; charset=utf-8", page));
        try (RawClient c = RawClient.connect(server.port())) {
            c.write("GET /ws HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            RawClient.Response r = c.readResponse();
            assertThat(r.status()).isEqualTo(426);
            assertThat(r.header("Sec-WebSocket-Version")).isEqualTo("13");
        }
        try (RawClient c = RawClient.connect(server.port())) {
            c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            RawClient.Response r = c.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(r.body()).isEqualTo("<h1>demo</h1>");
            assertThat(c.awaitEof()).isTrue();
        }
        try (RawClient c = RawClient.connect(server.port())) {
            c.write("GET /other HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readResponse().status()).isEqualTo(404);
        }
    }

    @Test
    void malformedHandshakeIs400AndMissingVersionIs426() throws Exception {
        start(WebSocketServer.builder().route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            c.write(("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readResponse().status()).isEqualTo(400);
        }
        try (RawClient c = RawClient.connect(server.port())) {
            c.write(("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + RawClient.KEY + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readResponse().status()).isEqualTo(426);
        }
    }

    @Test
    void foreignOriginIs403UnderTheDefaultPolicyAndSameOriginPasses() throws Exception {
        start(WebSocketServer.builder().route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(c.handshake("/chat", "Origin: https://evil.example").status()).isEqualTo(403);
            assertThat(c.awaitEof()).isTrue();
        }
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(c.handshake("/chat", "Origin: http://127.0.0.1:" + server.port()).status()).isEqualTo(101);
        }
    }

    @Test
    void allowAllPolicyAcceptsAnyOrigin() throws Exception {
        start(WebSocketServer.builder().originPolicy(OriginPolicy.allowAll()).route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(c.handshake("/chat", "Origin: https://evil.example").status()).isEqualTo(101);
        }
    }

    @Test
    void hookCanRefuseWithItsOwnStatusAndHeaders() throws Exception {
        Recorder recorder = new Recorder(true) {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                return "secret".equals(request.headers().first("Authorization"))
                        ? HandshakeDecision.accept()
                        : HandshakeDecision.reject(401, "who are you?").withHeader("WWW-Authenticate", "Bearer");
            }
        };
        start(WebSocketServer.builder().route("/private", recorder));
        try (RawClient c = RawClient.connect(server.port())) {
            RawClient.Response r = c.handshake("/private");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(r.body()).contains("who are you?");
            assertThat(c.awaitEof()).isTrue();
        }
        try (RawClient c = RawClient.connect(server.port())) {
            assertThat(c.handshake("/private", "Authorization: secret").status()).isEqualTo(101);
        }
        assertThat(recorder.events).noneMatch(e -> e instanceof Recorder.Opened o && o.ws() == null);
    }

    @Test
    void hookChoosesSubprotocolAndAttachmentSeenInOnOpen() throws Exception {
        Recorder recorder = new Recorder(true) {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                assertThat(request.path()).isEqualTo("/chat");
                assertThat(request.query()).isEqualTo("user=ann");
                return HandshakeDecision.accept(request.subprotocols().get(1)).withAttachment("ann");
            }
        };
        start(WebSocketServer.builder().route("/chat", recorder));
        try (RawClient c = RawClient.connect(server.port())) {
            RawClient.Response r = c.handshake("/chat?user=ann", "Sec-WebSocket-Protocol: v1.chat, v2.chat");
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("Sec-WebSocket-Protocol")).isEqualTo("v2.chat");
            Recorder.Opened opened = recorder.await(Recorder.Opened.class);
            assertThat(opened.attachment()).isEqualTo("ann");
            assertThat(opened.ws().subprotocol()).isEqualTo("v2.chat");
        }
    }

    @Test
    void hookChoosingAnUnofferedSubprotocolOrThrowingIs500() throws Exception {
        start(WebSocketServer.builder()
                .route("/bad", new Recorder(true) {
                    @Override
                    public HandshakeDecision onHandshake(HandshakeRequest request) {
                        return HandshakeDecision.accept("not-offered");
                    }
                })
                .route("/throws", new Recorder(true) {
                    @Override
                    public HandshakeDecision onHandshake(HandshakeRequest request) {
                        throw new IllegalStateException("boom");
                    }
                }));
        for (String path : List.of("/bad", "/throws")) {
            try (RawClient c = RawClient.connect(server.port())) {
                assertThat(c.handshake(path).status()).as(path).isEqualTo(500);
            }
        }
    }

    @Test
    void framesSentInTheSameSegmentAsTheHeadAreProcessed() throws Exception {
        start(WebSocketServer.builder().route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            byte[] head = RawClient.upgradeRequest("/chat", server.port()).getBytes(StandardCharsets.ISO_8859_1);
            byte[] frame = c.frame(true, 1, "early".getBytes(StandardCharsets.UTF_8), true);
            byte[] both = new byte[head.length + frame.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(frame, 0, both, head.length, frame.length);
            c.write(both);
            assertThat(c.readResponse().status()).isEqualTo(101);
            assertThat(c.readFrame().text()).isEqualTo("early");
        }
    }

    @Test
    void permessageDeflateIsAnsweredOnlyWhenEnabled() throws Exception {
        start(WebSocketServer.builder().route("/chat", new Recorder(true))
                .extensions(dev.duplex.engine.extension.PerMessageDeflate.defaults()));
        try (RawClient c = RawClient.connect(server.port())) {
            RawClient.Response r = c.handshake("/chat", "Sec-WebSocket-Extensions: x-unknown, permessage-deflate; client_max_window_bits");
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
        }
        server.stop(Duration.ofSeconds(1));
        start(WebSocketServer.builder().route("/chat", new Recorder(true)));
        try (RawClient c = RawClient.connect(server.port())) {
            RawClient.Response r = c.handshake("/chat", "Sec-WebSocket-Extensions: permessage-deflate");
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("Sec-WebSocket-Extensions")).isNull();
        }
    }

    @Test
    void connectionsOverTheLimitGet503() throws Exception {
        start(WebSocketServer.builder().maxConnections(1).route("/chat", new Recorder(true)));
        try (RawClient first = RawClient.connect(server.port())) {
            assertThat(first.handshake("/chat").status()).isEqualTo(101);
            try (RawClient second = RawClient.connect(server.port())) {
                assertThat(second.readResponse().status()).isEqualTo(503);
            }
        }
    }
}
