package dev.duplex.interop.compression;

import dev.duplex.engine.extension.DeflateFrame;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.interop.compression.WireChecks.Kind;
import dev.duplex.testsupport.PeerProcess;
import dev.duplex.testsupport.PeerReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Duplex's client with compression against third-party servers over loopback, through a {@link WireTap}. For
 * each server: Duplex's offer and the server's answer are asserted exactly as seen on the wire, by Duplex
 * ({@code WebSocket.extensions()}) and by the server (what it reports it received, answered and agreed); every
 * {@link Payloads} message echoes intact (Duplex sends those with an odd index in pieces through
 * {@code startMessage} with a ping after the first piece, the server echoes those with an even index in three
 * fragments); and the frame headers show the data really went compressed both ways.
 */
class DuplexClientCompressionTest {
    private static final String DEFAULT_OFFER = "permessage-deflate; client_max_window_bits";
    private static final String SMALL_OFFER = "permessage-deflate; server_max_window_bits=10; client_max_window_bits=9";

    /**
     * What a scenario must show: Duplex's offer and the server's answer (on the wire and as each side reports
     * them; {@code serverAnswer} is the answer as the server's API reports it, when that differs from the wire),
     * and the server's view of the agreement.
     */
    private record Expect(String offer, String answer, String serverAnswer, String serverAgreed, Kind kind,
                          boolean pingInsideMessages) {
        Expect(String offer, String answer, String serverAgreed, Kind kind) {
            this(offer, answer, answer, serverAgreed, kind, true);
        }

        static Expect perMessage(String offer, String answer, String serverAgreed) {
            return new Expect(offer, answer, serverAgreed, Kind.PER_MESSAGE);
        }

        /** Without the pings Duplex sends inside fragmented messages. */
        Expect withoutPings() {
            return new Expect(offer, answer, serverAnswer, serverAgreed, kind, false);
        }
    }

    /** Duplex asks for a 1 KiB window from the server and compresses with 512 bytes itself. */
    private static PerMessageDeflate smallWindows() {
        return PerMessageDeflate.builder().clientMaxWindowBits(9).serverMaxWindowBits(10).build();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a Node ws server with perMessageDeflate")
    void nodeWsServer() throws Exception {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
        try (PeerProcess server = PeerProcess.node("compression_node_server.js")) {
            script("Node ws", Expect.perMessage(DEFAULT_OFFER, "permessage-deflate", "{}"), server,
                    PerMessageDeflate.defaults());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client with windows of 9 (own) and 10 (server's) bits against a Node ws server")
    void nodeWsServerSmallWindows() throws Exception {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
        try (PeerProcess server = PeerProcess.node("compression_node_server.js")) {
            script("Node ws", Expect.perMessage(SMALL_OFFER, SMALL_OFFER,
                    "{\"server_max_window_bits\":10,\"client_max_window_bits\":9}"), server, smallWindows());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a python3-websockets server (which proposes window bits 12)")
    void pythonWebsocketsServer() throws Exception {
        try (PeerProcess server = PeerProcess.python("compression_python_server.py")) {
            script("python3-websockets", Expect.perMessage(DEFAULT_OFFER,
                            "permessage-deflate; server_max_window_bits=12; client_max_window_bits=12",
                            "permessage-deflate remote_no_context_takeover=False local_no_context_takeover=False "
                                    + "remote_max_window_bits=12 local_max_window_bits=12"),
                    server, PerMessageDeflate.defaults());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client with windows of 9 (own) and 10 (server's) bits against a python3-websockets server")
    void pythonWebsocketsServerSmallWindows() throws Exception {
        try (PeerProcess server = PeerProcess.python("compression_python_server.py")) {
            script("python3-websockets", Expect.perMessage(SMALL_OFFER, SMALL_OFFER,
                            "permessage-deflate remote_no_context_takeover=False local_no_context_takeover=False "
                                    + "remote_max_window_bits=9 local_max_window_bits=10"),
                    server, smallWindows());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a python3-autobahn server (Twisted)")
    void autobahnServer() throws Exception {
        try (PeerProcess server = PeerProcess.python("compression_autobahn_server.py")) {
            script("autobahn", Expect.perMessage(DEFAULT_OFFER, "permessage-deflate",
                            "PerMessageDeflate(is_server = True, server_no_context_takeover = False, "
                                    + "client_no_context_takeover = False, server_max_window_bits = 15, "
                                    + "client_max_window_bits = 15, mem_level = 8)"),
                    server, PerMessageDeflate.defaults());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a Jetty 12 server")
    void jettyServer() throws Exception {
        try (JettyPeers.EchoServer server = new JettyPeers.EchoServer()) {
            // Jetty answers a bare permessage-deflate on the wire, while its server API lists the negotiated
            // configuration with the offer's parameter still in it.
            run("Jetty", new Expect(DEFAULT_OFFER, "permessage-deflate", "permessage-deflate;client_max_window_bits",
                            "permessage-deflate;client_max_window_bits", Kind.PER_MESSAGE, true), server.port(), server.report,
                    PerMessageDeflate.defaults());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a Java-WebSocket 1.6 server")
    void javaWebSocketServer() throws Exception {
        try (JavaWebSocketPeers.EchoServer server = new JavaWebSocketPeers.EchoServer()) {
            // Java-WebSocket 1.6.0 always answers server_no_context_takeover (and resets its compressor per message).
            // No ping inside fragmented messages: after a control frame it stops inflating the rest of a compressed
            // message and fails it with 1007 (RFC 6455 section 5.4 allows control frames there).
            run("Java-WebSocket", Expect.perMessage(DEFAULT_OFFER, "permessage-deflate; server_no_context_takeover",
                            "permessage-deflate serverNoContextTakeover=true clientNoContextTakeover=false").withoutPings(),
                    server.getPort(), server.report, PerMessageDeflate.defaults());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a Netty server with WebSocketServerCompressionHandler")
    void nettyServer() throws Exception {
        try (NettyPeers.EchoServer server = new NettyPeers.EchoServer()) {
            run("Netty", Expect.perMessage(DEFAULT_OFFER, "permessage-deflate",
                    "PerMessageDeflateEncoder,PerMessageDeflateDecoder"), server.port(), server.report,
                    PerMessageDeflate.defaults());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client offering deflate-frame against a Netty server with WebSocketServerCompressionHandler")
    void nettyServerDeflateFrame() throws Exception {
        try (NettyPeers.EchoServer server = new NettyPeers.EchoServer()) {
            run("Netty", new Expect("deflate-frame", "deflate-frame", "PerFrameDeflateEncoder,PerFrameDeflateDecoder",
                    Kind.PER_FRAME), server.port(), server.report, DeflateFrame.offering(DeflateFrame.NAME));
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client offering x-webkit-deflate-frame against a Netty server")
    void nettyServerWebkitDeflateFrame() throws Exception {
        try (NettyPeers.EchoServer server = new NettyPeers.EchoServer()) {
            run("Netty", new Expect("x-webkit-deflate-frame", "x-webkit-deflate-frame",
                            "PerFrameDeflateEncoder,PerFrameDeflateDecoder", Kind.PER_FRAME), server.port(), server.report,
                    DeflateFrame.offering(DeflateFrame.WEBKIT_NAME));
        }
    }

    private static void script(String peer, Expect e, PeerProcess server, ExtensionFactory... extensions)
            throws Exception {
        int port = Integer.parseInt(server.report().await("port", Duration.ofSeconds(20)));
        try {
            run(peer, e, port, server.report(), extensions);
        } catch (AssertionError failure) {
            throw new AssertionError(failure.getMessage() + "\nserver stderr: " + server.stderr(), failure);
        }
    }

    private static void run(String peer, Expect e, int port, PeerReport report, ExtensionFactory... extensions)
            throws Exception {
        try (WireTap tap = new WireTap(port)) {
            String agreed = DuplexClientRun.run(tap.uri("/"), e.pingInsideMessages(), extensions);
            // The wire.
            WireTap.Connection c = tap.awaitConnection(Duration.ofSeconds(5));
            assertThat(c.status()).startsWith("HTTP/1.1 101");
            assertThat(c.offer()).as("the offer on the wire").containsExactly(e.offer());
            assertThat(c.answer()).as("the answer on the wire").containsExactly(e.answer());
            // Duplex's side of the negotiation.
            assertThat(agreed).as("Duplex's WebSocket.extensions()").isEqualTo(e.answer());
            // The server's side.
            Duration t = Duration.ofSeconds(10);
            assertThat(report.await("offer", t)).as("the offer %s received", peer).isEqualTo(e.offer());
            assertThat(report.await("extensions", t)).as("the answer %s sent", peer).isEqualTo(e.serverAnswer());
            assertThat(report.await("agreed", t)).as("what %s agreed", peer).isEqualTo(e.serverAgreed());
            assertThat(report.await("closed", t)).as("the close %s received", peer).isEqualTo("1000 done");
            // Compressed data both ways.
            c.awaitClosed(Duration.ofSeconds(10));
            WireChecks.fromDuplex(c.up.frames(), e.kind());
            WireChecks.fromPeer(c.down.frames(), e.kind(), peer);
            assertThat(report.lines()).as("%s's report", peer).noneMatch(l -> l.startsWith("error"));
        }
    }
}
