package dev.duplex.server.internal;

import dev.duplex.engine.CloseCodes;
import dev.duplex.server.HttpResource;
import dev.duplex.server.ServerConfig;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.transport.WebSocket;
import dev.duplex.http2.ErrorCode;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.http2.Http2Transport;
import dev.duplex.transport.internal.ConnectionConfig;
import dev.duplex.transport.internal.ConnectionOwner;
import dev.duplex.transport.internal.EventLoop;
import dev.duplex.transport.internal.LoopGroup;
import dev.duplex.transport.internal.Tls;
import dev.duplex.transport.internal.UpgradeHandler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running part of a server: the listening socket, the event loops, the registry of open connections,
 * and the lifecycle {@code NEW → RUNNING → STOPPING → STOPPED}.
 */
public final class ServerRuntime implements ConnectionOwner {
    static final System.Logger LOG = System.getLogger("dev.duplex.server");
    private static final int BACKLOG = 1024;

    private enum Lifecycle { NEW, RUNNING, STOPPING, STOPPED }

    private final ServerConfig config;
    private final ConnectionConfig connectionConfig;
    private final Map<String, HttpResponses.Prepared> httpResponses = new HashMap<>();
    /** What TLS offers by ALPN (RFC 7301): h2 first when HTTP/2 is on. */
    private final List<String> alpn;
    /**
     * Connections counted against {@code maxConnections}: taken when a socket is accepted (on the acceptor's loop),
     * given back when it is closed, so that a burst of accepts cannot pass the limit before they are registered.
     * There is no registry of connections besides: the loops' selectors know them (see {@link #connections()}),
     * and a set would cost each connection a hash-table node.
     */
    private final AtomicInteger slots = new AtomicInteger();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Lifecycle lifecycle = Lifecycle.NEW;
    private LoopGroup group;
    private boolean ownsGroup;
    private Acceptor acceptor;
    private volatile InetSocketAddress address;

    public ServerRuntime(ServerConfig config) {
        this.config = config;
        this.connectionConfig = new ConnectionConfig(config.engine(), config.handshakeTimeout(),
                config.idleTimeout(), config.closeTimeout(), config.maxBufferedBytes(), config.overflowPolicy());
        this.alpn = config.http2() != null ? List.of("h2", "http/1.1") : List.of();
        for (Map.Entry<String, HttpResource> e : config.httpRoutes().entrySet()) {
            httpResponses.put(e.getKey(), HttpResponses.prepare(e.getValue()));
        }
    }

    public synchronized void start() throws IOException {
        if (lifecycle != Lifecycle.NEW) {
            throw new IllegalStateException("the server was already started");
        }
        ownsGroup = config.sharedEventLoops() == null;
        group = ownsGroup ? new LoopGroup(config.eventLoops(), "duplex-server", false)
                : (LoopGroup) config.sharedEventLoops();
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(config.bindAddress(), BACKLOG);
            channel.configureBlocking(false);
            address = (InetSocketAddress) channel.getLocalAddress();
            EventLoop loop = group.loop(0);
            acceptor = new Acceptor(this, loop, channel);
            CompletableFuture<Void> registered = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    acceptor.register();
                    registered.complete(null);
                } catch (IOException | RuntimeException e) {
                    registered.completeExceptionally(e);
                }
            });
            registered.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            channel.close();
            if (ownsGroup) {
                group.close();
            }
            lifecycle = Lifecycle.STOPPED;
            stopped.complete(null);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start the server on " + config.bindAddress(), e);
        }
        lifecycle = Lifecycle.RUNNING;
        LOG.log(System.Logger.Level.INFO, "listening on {0}{1} with {2} event loop(s), routes {3}", address,
                config.sslContext() != null ? " (TLS)" : "", group.size(), config.routes().keySet());
    }

    /** A socket was accepted (on the acceptor's loop): hand it to a loop. */
    void accepted(SocketChannel channel) {
        EventLoop loop = group.next();
        boolean full = !takeSlot();
        Runnable register = () -> register(loop, channel, full);
        if (loop.inLoop()) {
            register.run();
        } else if (!loop.offer(register)) {
            closeQuietly(channel);
            if (!full) {
                slots.decrementAndGet();
            }
        }
    }

    private boolean takeSlot() {
        if (slots.incrementAndGet() > config.maxConnections()) {
            slots.decrementAndGet();
            return false;
        }
        return true;
    }

    private void register(EventLoop loop, SocketChannel channel, boolean full) {
        if (lifecycle != Lifecycle.RUNNING) {
            closeQuietly(channel);
            if (!full) {
                slots.decrementAndGet();
            }
            return;
        }
        UpgradeHandler handler = full ? new OverloadRefusal() : new ServerUpgrade(this);
        try {
            Connection.accepted(loop, channel,
                    config.sslContext() == null ? null : Tls.serverEngine(config.sslContext(), alpn),
                    connectionConfig, handler, full ? ConnectionOwner.NONE : this);
        } catch (IOException | RuntimeException e) {
            if (!full) {
                slots.decrementAndGet();
            }
            LOG.log(System.Logger.Level.DEBUG, "dropped an accepted connection: {0}", e.toString());
        }
    }

    @Override
    public void connectionClosed(Connection connection) {
        slots.decrementAndGet();
    }

    /** This server's connections, as registered with its loops now (any thread; a snapshot). */
    private List<Connection> connections() {
        List<Connection> list = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            group.loop(i).forEachRegistered(h -> {
                if (h instanceof Connection c && c.owner() == this && !c.isClosed()) {
                    list.add(c);
                }
            });
        }
        return list;
    }

    ServerConfig config() {
        return config;
    }

    WebSocketHandler route(String path) {
        return config.routes().get(path);
    }

    HttpResponses.Prepared httpResource(String path) {
        return httpResponses.get(path);
    }

    public InetSocketAddress address() {
        InetSocketAddress a = address;
        if (a == null) {
            throw new IllegalStateException("the server is not started");
        }
        return a;
    }

    public int connectionCount() {
        return slots.get();
    }

    public List<WebSocket> webSockets() {
        List<WebSocket> open = new ArrayList<>();
        if (group == null) {
            return open;
        }
        for (Connection c : connections()) {
            WebSocket ws = c.webSocket();
            if (ws != null && ws.isOpen()) {
                open.add(ws);
            } else if (c.protocol() instanceof Http2Transport h2) {
                open.addAll(h2.webSockets()); // a snapshot from another thread: good enough for a count or a broadcast
            }
        }
        return open;
    }

    public void stop(Duration grace) {
        synchronized (this) {
            if (lifecycle == Lifecycle.NEW) {
                lifecycle = Lifecycle.STOPPED;
                stopped.complete(null);
                return;
            }
            if (group.inGroup()) {
                throw new IllegalStateException("stop() blocks: call it from another thread than the server's event loops");
            }
            if (lifecycle != Lifecycle.RUNNING) {
                stopped.join();
                return;
            }
            lifecycle = Lifecycle.STOPPING;
        }
        try {
            LOG.log(System.Logger.Level.INFO, "stopping {0}: closing {1} connection(s) with 1001", address,
                    slots.get());
            CompletableFuture<Void> closedAcceptor = new CompletableFuture<>();
            if (group.loop(0).offer(() -> {
                acceptor.close();
                closedAcceptor.complete(null);
            })) {
                closedAcceptor.get(5, TimeUnit.SECONDS);
            }
            for (Connection c : connections()) {
                c.loop().offer(() -> goAway(c));
            }
            awaitEmpty(grace);
            for (Connection c : connections()) {
                c.loop().offer(() -> c.abort(new IOException("server stopped")));
            }
            awaitEmpty(Duration.ofSeconds(1));
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "failure while stopping " + address, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (ownsGroup) {
                group.close();
            }
            lifecycle = Lifecycle.STOPPED;
            stopped.complete(null);
            LOG.log(System.Logger.Level.INFO, "stopped {0}", address);
        }
    }

    private static void goAway(Connection c) {
        WebSocket ws = c.webSocket();
        if (ws != null) {
            ws.close(CloseCodes.GOING_AWAY, "server shutting down");
        } else if (c.protocol() instanceof Http2Transport h2) {
            for (WebSocket stream : h2.webSockets()) {
                stream.close(CloseCodes.GOING_AWAY, "server shutting down");
            }
            h2.goAway(ErrorCode.NO_ERROR, "server shutting down"); // the TCP close follows the last stream
        } else {
            c.abort(new IOException("server shutting down"));
        }
    }

    private void awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (slots.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return (address != null ? address.toString() : config.bindAddress().toString()) + ", " + lifecycle
                + ", connections=" + slots.get();
    }
}
