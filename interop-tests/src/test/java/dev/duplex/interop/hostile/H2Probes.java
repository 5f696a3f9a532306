package dev.duplex.interop.hostile;

/**
 * The well-behaved clients that run beside every HTTP/2 attack: {@link EchoProbe} on HTTP/1.1 and
 * {@link EchoProbe#startHttp2} on a connection of its own; plus the server's thread count when they started.
 */
final class H2Probes implements AutoCloseable {
    private final ServeProcess server;
    private final EchoProbe http1;
    private final EchoProbe http2;
    private final int threads;

    private H2Probes(ServeProcess server) throws Exception {
        this.server = server;
        this.http1 = EchoProbe.start(server.port());
        this.http2 = EchoProbe.startHttp2(server.port());
        this.threads = ServerWatch.threads(server);
    }

    static H2Probes start(ServeProcess server) throws Exception {
        return new H2Probes(server);
    }

    /** Both probes got every echo in time so far, and one more each now. */
    void assertResponsive(String during) {
        http1.assertResponsive(during + " (HTTP/1.1 client)");
        http2.assertResponsive(during + " (HTTP/2 client)");
    }

    /** After an attack: both probes still get their echoes, the server is healthy and has no new threads. */
    void assertSurvivedAndClose(String attack) {
        try {
            assertResponsive(attack);
            ServerWatch.assertThreadsBounded(server, threads);
        } finally {
            close();
        }
        server.assertHealthy();
    }

    @Override
    public void close() {
        http1.close();
        http2.close();
    }
}
