/**
 * Scaffolding shared by Duplex's tests, used as a test-scoped dependency and never shipped: recording listeners,
 * self-signed TLS contexts, third-party peer processes, bounded waits. Package {@code dev.duplex.testsupport}.
 * <p>It depends on the transport only (for {@code WebSocketListener}), so that the server's and the client's own
 * tests can use it without a cycle; the transport's tests keep their own helpers for the same reason.
 */
module dev.duplex.testsupport {
    requires transitive dev.duplex.transport;

    exports dev.duplex.testsupport;
}
