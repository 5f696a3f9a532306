package dev.duplex.interop.conformance;

import dev.duplex.cli.demo.DemoServer;
import dev.duplex.client.WebSocketClient;
import dev.duplex.server.WebSocketServer;
import dev.duplex.testsupport.EchoListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import static dev.duplex.interop.conformance.Script.script;

/**
 * Frames that arrive in the same TCP write as the opening handshake's last byte (RFC 6455 sections 4.1 and
 * 4.2.2: once the handshake is complete, what follows is frames): the request with frames right behind it
 * for the server, the 101 response with frames right behind it for the client. Both must keep those bytes.
 */
class HandshakeBoundaryTest {
    private static final int MASK_KEY = 0x1F2E3D4C;

    @Test
    @Timeout(20)
    @DisplayName("server: a text and a ping in the same write as the upgrade request: echo and pong")
    void serverKeepsFramesBehindTheRequest() throws Exception {
        try (WebSocketServer server = DemoServer.routes(WebSocketServer.builder().host("127.0.0.1").port(0), line -> {
        }).build().start()) {
            byte[] early = concat(masked(Frame.text("early bird")), masked(Frame.ping("early ping")));
            try (WireChannel channel = Handshakes.connect(server.port(), "/echo", 1, early)) {
                script().expectText("early bird").expectPong("early ping").closeNormally().run(channel);
            }
            try (WireChannel channel = Handshakes.connect(server.port(), "/echo", 2,
                    concat(masked(Frame.text("early bird")), masked(Frame.close(1000))))) {
                script().expectText("early bird").expectCloseReply(1000).run(channel);
            }
        }
    }

    @Test
    @Timeout(20)
    @DisplayName("client: a text and a ping in the same write as the 101 response: echo and pong")
    void clientKeepsFramesBehindTheResponse() throws Exception {
        byte[] early = concat(unmasked(Frame.text("early bird")), unmasked(Frame.ping("early ping")));
        playAgainstClient(early, script().expectText("early bird").expectPong("early ping").closeNormally());
    }

    @Test
    @Timeout(20)
    @DisplayName("client: a text and a close in the same write as the 101 response: echo, then the close reply")
    void clientKeepsCloseBehindTheResponse() throws Exception {
        byte[] early = concat(unmasked(Frame.text("early bird")), unmasked(Frame.close(1000)));
        playAgainstClient(early, script().expectText("early bird").expectCloseReply(1000));
    }

    /** Connects a client running testee-client's echo logic, answers its upgrade with {@code early} behind it. */
    private static void playAgainstClient(byte[] early, Script script) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
            listener.setSoTimeout(10_000);
            EchoListener echo = new EchoListener();
            client.connect(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/"), echo);
            Socket socket = listener.accept();
            socket.setTcpNoDelay(true);
            Handshakes.accept(socket, early);
            try (WireChannel channel = new WireChannel(socket, socket.getInputStream(), WireChannel.Side.SERVER, 3)) {
                script.run(channel);
            }
            echo.closed.get(5, TimeUnit.SECONDS);
        }
    }

    private static byte[] masked(Frame f) {
        return WireChannel.encode(f.fin(), f.rsv(), f.opcode(), f.payload(), f.payload().length, MASK_KEY);
    }

    private static byte[] unmasked(Frame f) {
        return WireChannel.encode(f.fin(), f.rsv(), f.opcode(), f.payload(), f.payload().length, null);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }
}
