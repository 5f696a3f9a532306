package dev.duplex.server.internal;

import dev.duplex.transport.internal.EventLoop;
import dev.duplex.transport.internal.Selectable;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections on one event loop and hands them to the server. When accepting fails (typically out
 * of file descriptors) it pauses for a moment instead of spinning on a socket that stays ready.
 */
final class Acceptor implements Selectable {
    private static final int MAX_ACCEPTS_PER_EVENT = 256;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServerRuntime server;
    private final EventLoop loop;
    private final ServerSocketChannel channel;
    private SelectionKey key;

    Acceptor(ServerRuntime server, EventLoop loop, ServerSocketChannel channel) {
        this.server = server;
        this.loop = loop;
        this.channel = channel;
    }

    void register() throws IOException {
        key = loop.register(channel, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(SelectionKey key) {
        for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                ServerRuntime.LOG.log(System.Logger.Level.WARNING, "accept failed, pausing: {0}", e.toString());
                key.interestOps(0);
                loop.schedule(PAUSE_NANOS, () -> {
                    if (key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            if (accepted == null) {
                return;
            }
            server.accepted(accepted);
        }
    }

    @Override
    public void abort(Throwable cause) {
        close();
    }

    void close() {
        if (key != null) {
            key.cancel();
        }
        ServerRuntime.closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "Acceptor[" + channel + "]";
    }
}
