package dev.duplex.transport.internal;

import dev.duplex.engine.EngineConfig;
import dev.duplex.transport.OverflowPolicy;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Two transport connections over a real loopback socket, upgraded at once without an HTTP handshake (the
 * handshake is the server's and client's business), optionally over TLS.
 */
final class Loopback implements AutoCloseable {
    final LoopGroup group = new LoopGroup(2, "test-loop", true);
    private final ServerSocketChannel server;
    private final boolean tls;

    Loopback(boolean tls) throws IOException {
        this.tls = tls;
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.socket().setSoTimeout(5000);
    }

    static ConnectionConfig config() {
        return config(EngineConfig.defaults());
    }

    static ConnectionConfig config(EngineConfig engine) {
        return new ConnectionConfig(engine, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(2),
                ConnectionConfig.DEFAULT_MAX_BUFFERED_BYTES, OverflowPolicy.CLOSE);
    }

    record Pair(WebSocket server, WebSocket client) { }

    Pair connect(WebSocketListener serverListener, WebSocketListener clientListener) throws Exception {
        return connect(config(), serverListener, config(), clientListener);
    }

    Pair connect(ConnectionConfig serverConfig, WebSocketListener serverListener,
                 ConnectionConfig clientConfig, WebSocketListener clientListener) throws Exception {
        CompletableFuture<WebSocket> clientWs = new CompletableFuture<>();
        EventLoop clientLoop = group.loop(0);
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        SSLContext clientTls = tls ? TestTls.clientContext() : null;
        clientLoop.execute(() -> Connection.connect(clientLoop, address,
                clientTls == null ? null : Tls.clientEngine(clientTls, "localhost", address.getPort()),
                clientConfig, TimeUnit.SECONDS.toNanos(5), new ImmediateUpgrade(clientListener, clientWs), null));
        WebSocket serverWs = accept(serverConfig, serverListener).get(10, TimeUnit.SECONDS);
        return new Pair(serverWs, clientWs.get(10, TimeUnit.SECONDS));
    }

    /** Accepts one connection and upgrades it with {@code listener}. */
    CompletableFuture<WebSocket> accept(ConnectionConfig config, WebSocketListener listener) throws Exception {
        SocketChannel accepted = server.socket().accept().getChannel();
        CompletableFuture<WebSocket> serverWs = new CompletableFuture<>();
        EventLoop serverLoop = group.loop(1);
        SSLContext serverTls = tls ? TestTls.serverContext() : null;
        serverLoop.execute(() -> {
            try {
                Connection.accepted(serverLoop, accepted, serverTls == null ? null : Tls.serverEngine(serverTls),
                        config, new ImmediateUpgrade(listener, serverWs), null);
            } catch (IOException e) {
                serverWs.completeExceptionally(e);
            }
        });
        return serverWs;
    }

    /** A plain blocking socket connected to the server port, for peers that misbehave. */
    Socket rawClient() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.socket().getLocalPort());
        s.setSoTimeout(10_000);
        return s;
    }

    @Override
    public void close() throws IOException {
        group.close();
        server.close();
    }

    /** Upgrades as soon as TCP is connected. */
    record ImmediateUpgrade(WebSocketListener listener, CompletableFuture<WebSocket> result) implements UpgradeHandler {
        @Override
        public void onConnected(Connection connection) {
            result.complete(connection.upgrade(listener, null, null, null, List.of()));
        }

        @Override
        public void onRead(Connection connection, ByteBuffer in) {
            throw new AssertionError("not called once upgraded");
        }

        @Override
        public void onFailed(Connection connection, Throwable cause) {
            result.completeExceptionally(cause);
        }
    }
}
