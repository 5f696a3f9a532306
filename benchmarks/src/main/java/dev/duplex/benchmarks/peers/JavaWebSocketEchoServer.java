package dev.duplex.benchmarks.peers;

import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Java-WebSocket 1.6 ({@code org.java-websocket}): its NIO server with {@code threads} decoder threads, TCP_NODELAY,
 * a 64 MiB frame limit, no periodic lost-connection pings, and with {@code deflate} permessage-deflate (threshold 0,
 * so that every message is compressed as with the other servers; its default skips messages under 1 KiB). It
 * serves every path, {@code /echo} included.
 */
final class JavaWebSocketEchoServer extends WebSocketServer implements EchoServer {
    private final CountDownLatch started = new CountDownLatch(1);

    JavaWebSocketEchoServer(String host, int port, int threads, boolean deflate) throws InterruptedException {
        super(new InetSocketAddress(host, port), threads,
                List.of(new Draft_6455(deflate ? List.of(deflate()) : List.of(), MAX_MESSAGE)));
        setTcpNoDelay(true);
        setReuseAddr(true);
        setMaxPendingConnections(4096);
        setConnectionLostTimeout(0);
        start();
        started.await();
    }

    private static PerMessageDeflateExtension deflate() {
        PerMessageDeflateExtension deflate = new PerMessageDeflateExtension();
        deflate.setThreshold(0);
        return deflate;
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        conn.send(message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        conn.send(message);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void close() throws InterruptedException {
        stop(2000);
    }
}
