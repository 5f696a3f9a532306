package dev.duplex.interop.conformance;

import dev.duplex.client.WebSocketClient;
import dev.duplex.testsupport.EchoListener;
import dev.duplex.testsupport.RecordingListener.Closed;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 section 7.1.1 for Duplex's client, timed: the server closes the TCP connection first, the
 * client waits for it, and closes it itself only when the server has not within the close timeout. Played
 * with {@link WebSocketClient} directly (the client of {@code duplex testee-client}, with the same echo
 * listener) so that the close timeout can be set to 1 s, against a raw fuzzing server.
 */
class ClientTcpCloseTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private ServerSocket listener;
    private WebSocketClient client;
    private WireChannel channel;
    private final EchoListener echo = new EchoListener();
    private final CompletableFuture<Closed> closed = echo.closed;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(10_000);
        client = WebSocketClient.builder().closeTimeout(CLOSE_TIMEOUT).eventLoops(1).build();
    }

    @AfterEach
    void stop() throws IOException {
        if (channel != null) {
            channel.close();
        }
        client.close();
        listener.close();
    }

    /** Connects the client with testee-client's echo logic; the fuzzer accepts the upgrade by hand. */
    private WebSocket connect() throws Exception {
        CompletableFuture<WebSocket> ws = client.connect(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/"),
                echo);
        Socket socket = listener.accept();
        socket.setTcpNoDelay(true);
        assertThat(Handshakes.accept(socket).firstLine()).isEqualTo("GET / HTTP/1.1");
        channel = new WireChannel(socket, socket.getInputStream(), WireChannel.Side.SERVER, 99);
        WebSocket open = ws.get(5, TimeUnit.SECONDS);
        // A message round trip first: the connection is up both ways.
        channel.send(Frame.text("ping-pong"));
        assertThat(nextFrame(Duration.ofSeconds(5)).payload()).isEqualTo(Frame.utf8("ping-pong"));
        return open;
    }

    private Frame nextFrame(Duration within) throws InterruptedException {
        Object o = channel.poll(within);
        assertThat(o).as("the next frame from the client").isInstanceOf(Frame.class);
        Frame f = (Frame) o;
        assertThat(f.masked()).as("a client masks its frames (RFC 6455 section 5.3)").isTrue();
        return f;
    }

    /** Milliseconds until the client's TCP close (EOF), failing if anything else comes or it takes over {@code max}. */
    private long millisToEof(Duration max) throws InterruptedException {
        long start = System.nanoTime();
        Object o = channel.poll(max);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(o).as("the client's TCP close within " + max.toMillis() + " ms").isEqualTo(new WireChannel.End(true, "eof"));
        return ms;
    }

    @Test
    @Timeout(20)
    @DisplayName("RFC 6455 7.1.1: after the server's close, the client answers and waits for the server's TCP close")
    void serverClosesFirst() throws Exception {
        connect();
        channel.send(Frame.close(1000, Frame.utf8("done")));
        Frame reply = nextFrame(Duration.ofSeconds(5));
        assertThat(reply.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(reply.closeCode()).isEqualTo(1000);
        assertThat(channel.poll(Duration.ofMillis(600))).as("the client waits for the server's TCP close").isNull();
        channel.shutdownOutput();
        assertThat(millisToEof(Duration.ofSeconds(2))).as("the client closes once the server has").isLessThan(500);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(new Closed(1000, "done", true));
    }

    @Test
    @Timeout(20)
    @DisplayName("RFC 6455 7.1.1: when the server never closes TCP, the client does after its close timeout")
    void serverNeverClosesTcp() throws Exception {
        connect();
        channel.send(Frame.close(1000));
        Frame reply = nextFrame(Duration.ofSeconds(5));
        assertThat(reply.closeCode()).isEqualTo(1000);
        long ms = millisToEof(Duration.ofSeconds(4));
        assertThat(ms).as("the client waits about its close timeout (%d ms) for the server", CLOSE_TIMEOUT.toMillis())
                .isBetween(CLOSE_TIMEOUT.toMillis() - 300, CLOSE_TIMEOUT.toMillis() + 1500);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(new Closed(1000, "", true));
    }

    @Test
    @Timeout(20)
    @DisplayName("RFC 6455 7.1.2: the client starts the close, gets the reply, and waits for the server's TCP close")
    void clientStartsTheClose() throws Exception {
        WebSocket ws = connect();
        CompletableFuture<Void> done = ws.close(4000, "bye");
        Frame close = nextFrame(Duration.ofSeconds(5));
        assertThat(close.opcode()).isEqualTo(Frame.CLOSE);
        assertThat(close.closeCode()).isEqualTo(4000);
        assertThat(close.payload()).endsWith(Frame.utf8("bye"));
        channel.send(Frame.close(4000, Frame.utf8("bye")));
        assertThat(channel.poll(Duration.ofMillis(600))).as("the client waits for the server's TCP close").isNull();
        channel.shutdownOutput();
        assertThat(millisToEof(Duration.ofSeconds(2))).isLessThan(500);
        done.get(5, TimeUnit.SECONDS);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(new Closed(4000, "bye", true));
    }

    @Test
    @Timeout(20)
    @DisplayName("RFC 6455 7.1.1: the client starts the close, the server never answers: TCP closed after the close timeout")
    void serverNeverAnswers() throws Exception {
        WebSocket ws = connect();
        ws.close(1000, "");
        Frame close = nextFrame(Duration.ofSeconds(5));
        assertThat(close.closeCode()).isEqualTo(1000);
        long ms = millisToEof(Duration.ofSeconds(4));
        assertThat(ms).isBetween(CLOSE_TIMEOUT.toMillis() - 300, CLOSE_TIMEOUT.toMillis() + 1500);
        Closed c = closed.get(5, TimeUnit.SECONDS);
        assertThat(c.code()).isEqualTo(1006);
        assertThat(c.clean()).isFalse();
    }
}
