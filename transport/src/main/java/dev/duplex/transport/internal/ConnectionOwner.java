package dev.duplex.transport.internal;

/** Told when a connection's socket is closed (to count or track connections). */
@FunctionalInterface
public interface ConnectionOwner {
    ConnectionOwner NONE = c -> { };

    /** Called once, on the loop thread, after the socket is closed and the listener's {@code onClose} ran. */
    void connectionClosed(Connection connection);
}
