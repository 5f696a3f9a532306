package dev.duplex.interop.compression;

import dev.duplex.engine.extension.DeflateFrame;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.interop.compression.WireChecks.Kind;
import dev.duplex.testsupport.PeerProcess;
import dev.duplex.testsupport.PeerReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Duplex's server with compression against third-party clients over loopback, through a {@link WireTap}. For
 * each client: the offer it sends and the answer Duplex gives are asserted exactly as seen on the wire, by
 * Duplex ({@code WebSocket.extensions()}, the request's header) and by the client (what its API reports);
 * every {@link Payloads} message (a few bytes to 3 MiB, text and binary, fragmented each way) echoes intact;
 * and the frame headers show the data really went compressed both ways (RFC 7692 section 6: RSV1 on the first
 * frame only; deflate-frame: RSV1 on every frame; large compressible messages shrink on the wire).
 */
class DuplexServerCompressionTest {
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    static Path payloads;

    @BeforeAll
    static void writePayloads() {
        Payloads.writeTo(payloads);
    }

    /**
     * What a scenario must show: the offer lines, the answer, the client's view of the agreement. With
     * {@code pingInsideMessages} Duplex also sends a ping inside each message it echoes fragmented.
     */
    private record Expect(List<String> offer, String answer, String clientAgreed, Kind kind, boolean pingInsideMessages) {
        Expect(List<String> offer, String answer, String clientAgreed, Kind kind) {
            this(offer, answer, clientAgreed, kind, true);
        }

        static Expect perMessage(String offer, String answer, String clientAgreed) {
            return new Expect(List.of(offer), answer, clientAgreed, Kind.PER_MESSAGE);
        }

        Expect withoutPings() {
            return new Expect(offer, answer, clientAgreed, kind, false);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Node ws client (default offer, client_max_window_bits) against Duplex's permessage-deflate server")
    void nodeWsClient() throws Exception {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
        script("Node ws", Expect.perMessage("permessage-deflate; client_max_window_bits", "permessage-deflate", "{}"),
                uri -> PeerProcess.node("compression_node_client.js", uri, payloads.toString(), "default"));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Node ws client (server window 9, client window 10, client_no_context_takeover) against Duplex")
    void nodeWsClientSmallWindows() throws Exception {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
        // Duplex's compressor must keep to a 512-byte window: Node inflates with windowBits 9 and zlib rejects
        // any reference further back ("invalid distance too far back").
        script("Node ws", Expect.perMessage(
                        "permessage-deflate; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=10",
                        "permessage-deflate; client_no_context_takeover; server_max_window_bits=9",
                        "{\"client_no_context_takeover\":true,\"server_max_window_bits\":9,\"client_max_window_bits\":10}"),
                uri -> PeerProcess.node("compression_node_client.js", uri, payloads.toString(), "small"));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Node ws client (default offer) against Duplex's server imposing its policy: windows 11/10, no server context")
    void nodeWsClientServerPolicy() throws Exception {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
        // The client offered client_max_window_bits without a value, so Duplex may set it (RFC 7692 7.1.2.2).
        script("Node ws", Expect.perMessage("permessage-deflate; client_max_window_bits",
                        "permessage-deflate; server_no_context_takeover; server_max_window_bits=11; client_max_window_bits=10",
                        "{\"server_no_context_takeover\":true,\"server_max_window_bits\":11,\"client_max_window_bits\":10}"),
                uri -> PeerProcess.node("compression_node_client.js", uri, payloads.toString(), "default"),
                PerMessageDeflate.builder().serverNoContextTakeover(true).serverMaxWindowBits(11).clientMaxWindowBits(10)
                        .build());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("python3-websockets client (default offer) against Duplex's permessage-deflate server")
    void pythonWebsocketsClient() throws Exception {
        script("python3-websockets", Expect.perMessage("permessage-deflate; client_max_window_bits", "permessage-deflate",
                        "permessage-deflate remote_no_context_takeover=False local_no_context_takeover=False "
                                + "remote_max_window_bits=15 local_max_window_bits=15"),
                uri -> PeerProcess.python("compression_python_client.py", uri, payloads.toString()));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("python3-autobahn client (asyncio, offers client_no_context_takeover) against Duplex")
    void autobahnClient() throws Exception {
        script("autobahn", Expect.perMessage("permessage-deflate; client_no_context_takeover; client_max_window_bits",
                        "permessage-deflate; client_no_context_takeover",
                        "PerMessageDeflate(is_server = False, server_no_context_takeover = False, "
                                + "client_no_context_takeover = True, server_max_window_bits = 15, "
                                + "client_max_window_bits = 15, mem_level = 8)"),
                uri -> PeerProcess.python("compression_autobahn_client.py", uri, payloads.toString()));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Jetty 12 client (permessage-deflate) against Duplex's permessage-deflate server")
    void jettyClient() throws Exception {
        inProcess("Jetty", Expect.perMessage("permessage-deflate", "permessage-deflate", "permessage-deflate"),
                uri -> new JettyPeers.Client(URI.create(uri)), PerMessageDeflate.defaults());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Java-WebSocket 1.6 client (server_no_context_takeover; client_no_context_takeover) against Duplex")
    void javaWebSocketClient() throws Exception {
        // Java-WebSocket 1.6.0's client takes no parameter from the answer (its state keeps
        // clientNoContextTakeover=false), but it resets its compressor after every message anyway (it keys that
        // on server_no_context_takeover, on by default, in both roles): the client_no_context_takeover Duplex
        // answered, and acts on by resetting its inflater per message, holds.
        // No ping inside fragmented messages: after a control frame Java-WebSocket 1.6.0 stops inflating the
        // rest of a compressed message and fails it with 1007 (with or without Duplex; RFC 6455 section 5.4
        // allows control frames there).
        inProcess("Java-WebSocket", Expect.perMessage("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        "permessage-deflate serverNoContextTakeover=true clientNoContextTakeover=false").withoutPings(),
                uri -> new JavaWebSocketPeers.Client(URI.create(uri)), PerMessageDeflate.defaults());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Netty client with WebSocketClientCompressionHandler against Duplex's permessage-deflate server")
    void nettyClient() throws Exception {
        inProcess("Netty", Expect.perMessage("permessage-deflate,deflate-frame,x-webkit-deflate-frame", "permessage-deflate",
                        "PerMessageDeflateEncoder,PerMessageDeflateDecoder"),
                uri -> new NettyPeers.Client(URI.create(uri), NettyPeers.ClientOffer.ALL),
                PerMessageDeflate.defaults());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Netty client (three offers) against Duplex with permessage-deflate and deflate-frame: one RSV1 user")
    void nettyClientBothExtensionsEnabled() throws Exception {
        // Both extensions claim RSV1 (RFC 6455 section 9.1): Duplex takes the client's first offer and skips the
        // others.
        inProcess("Netty", Expect.perMessage("permessage-deflate,deflate-frame,x-webkit-deflate-frame", "permessage-deflate",
                        "PerMessageDeflateEncoder,PerMessageDeflateDecoder"),
                uri -> new NettyPeers.Client(URI.create(uri), NettyPeers.ClientOffer.ALL),
                PerMessageDeflate.defaults(), DeflateFrame.create());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Netty client with WebSocketClientCompressionHandler against Duplex with deflate-frame only")
    void nettyClientDeflateFrame() throws Exception {
        inProcess("Netty", new Expect(List.of("permessage-deflate,deflate-frame,x-webkit-deflate-frame"), "deflate-frame",
                        "PerFrameDeflateEncoder,PerFrameDeflateDecoder", Kind.PER_FRAME),
                uri -> new NettyPeers.Client(URI.create(uri), NettyPeers.ClientOffer.ALL),
                DeflateFrame.create());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Netty client offering x-webkit-deflate-frame only against Duplex with deflate-frame only")
    void nettyClientWebkitDeflateFrame() throws Exception {
        inProcess("Netty", new Expect(List.of("x-webkit-deflate-frame"), "x-webkit-deflate-frame",
                        "PerFrameDeflateEncoder,PerFrameDeflateDecoder", Kind.PER_FRAME),
                uri -> new NettyPeers.Client(URI.create(uri), NettyPeers.ClientOffer.WEBKIT_DEFLATE_FRAME),
                DeflateFrame.create());
    }

    @FunctionalInterface
    private interface Starter<T> {
        T start(String uri) throws Exception;
    }

    private static void script(String peer, Expect e, Starter<PeerProcess> starter) throws Exception {
        script(peer, e, starter, PerMessageDeflate.defaults());
    }

    private static void script(String peer, Expect e, Starter<PeerProcess> starter, ExtensionFactory... extensions)
            throws Exception {
        try (DuplexEchoServer server = new DuplexEchoServer(e.pingInsideMessages(), extensions);
             WireTap tap = new WireTap(server.port());
             PeerProcess script = starter.start(tap.uri("/echo").toString())) {
            try {
                assertThat(script.report().await("done", RUN)).isEqualTo("yes");
            } catch (AssertionError failure) {
                throw new AssertionError(failure.getMessage() + "; stderr: " + script.stderr(), failure);
            }
            check(peer, e, server, tap, script.report());
            assertThat(script.awaitExit(Duration.ofSeconds(10))).as("exit code; stderr: %s", script.stderr()).isZero();
        }
    }

    private static void inProcess(String peer, Expect e, Starter<JavaClientPeer> starter, ExtensionFactory... extensions)
            throws Exception {
        try (DuplexEchoServer server = new DuplexEchoServer(e.pingInsideMessages(), extensions);
             WireTap tap = new WireTap(server.port());
             JavaClientPeer client = starter.start(tap.uri("/echo").toString())) {
            PeerReport report = new PeerReport();
            JavaClientPeer.run(client, report);
            check(peer, e, server, tap, report);
        }
    }

    private static void check(String peer, Expect e, DuplexEchoServer server, WireTap tap, PeerReport report)
            throws InterruptedException {
        Map<String, String> r = report.snapshot();
        for (Payloads.Message m : Payloads.MESSAGES) {
            assertThat(r.get("echo-" + m.index())).as("%s's echo of %s", peer, m).isEqualTo("ok");
        }
        assertThat(r).as("%s's report", peer).containsEntry("done", "yes").containsEntry("closed", "1000 done");
        if (r.containsKey("pongs")) {
            long pings = Payloads.MESSAGES.stream().filter(m -> m.peerFragments() && !m.peerCuts().isEmpty()).count();
            assertThat(r.get("pongs")).as("pongs to the pings %s sent inside fragmented messages", peer)
                    .isEqualTo(pings + "/" + pings);
        }
        // The client's side of the negotiation.
        assertThat(r.get("extensions")).as("the answer %s received", peer).isEqualTo(e.answer());
        assertThat(r.get("agreed")).as("what %s agreed", peer).isEqualTo(e.clientAgreed());
        // Duplex's side.
        DuplexEchoServer.Session s = server.sessions.poll(5, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        assertThat(s.offer()).as("the offer Duplex received").isEqualTo(e.offer());
        assertThat(s.extensions()).as("Duplex's WebSocket.extensions()").isEqualTo(e.answer());
        // The wire.
        WireTap.Connection c = tap.awaitConnection(Duration.ofSeconds(5));
        assertThat(c.status()).startsWith("HTTP/1.1 101");
        assertThat(c.offer()).as("the offer on the wire").isEqualTo(e.offer());
        assertThat(c.answer()).as("the answer on the wire").containsExactly(e.answer());
        c.awaitClosed(Duration.ofSeconds(10));
        WireChecks.fromDuplex(c.down.frames(), e.kind());
        WireChecks.fromPeer(c.up.frames(), e.kind(), peer);
        List<String> pings = e.pingInsideMessages() ? Payloads.duplexPings() : List.of();
        assertThat(server.pongs(pings.size(), Duration.ofSeconds(5)))
                .as("pongs to the pings Duplex sent inside fragmented messages").isEqualTo(pings);
        assertThat(server.closes.poll(10, TimeUnit.SECONDS)).isEqualTo(new DuplexEchoServer.Close(1000, "done", true));
        assertThat(server.errors).isEmpty();
    }
}
