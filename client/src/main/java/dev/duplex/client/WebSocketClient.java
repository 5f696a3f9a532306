package dev.duplex.client;

import dev.duplex.client.internal.ClientRuntime;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.transport.EventLoopGroup;
import dev.duplex.transport.OverflowPolicy;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket client (RFC 6455). One client runs any number of connections on its event loops.
 * <pre>{@code
 * try (WebSocketClient client = WebSocketClient.builder().build()) {
 *     WebSocket ws = client.connect(URI.create("wss://example.com/chat"), new WebSocketListener() {
 *         public void onText(WebSocket ws, String text) { System.out.println(text); }
 *     }).get();
 *     ws.sendText("hello");
 * }
 * }</pre>
 */
public final class WebSocketClient implements AutoCloseable {
    private final ClientConfig config;
    private final ClientRuntime runtime;

    private WebSocketClient(ClientConfig config) {
        this.config = config;
        this.runtime = new ClientRuntime(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client with these settings. */
    public static WebSocketClient create(ClientConfig config) {
        return new WebSocketClient(Objects.requireNonNull(config, "config"));
    }

    /** {@link #connect(URI, ConnectOptions, WebSocketListener)} without subprotocols or extra headers. */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocketListener listener) {
        return connect(uri, ConnectOptions.NONE, listener);
    }

    /**
     * Opens a connection: TCP (and TLS for {@code wss}), then the opening handshake (RFC 6455 section 4.1).
     * {@code http} and {@code https} URIs are taken as {@code ws} and {@code wss}. The listener's
     * {@code onOpen} runs before the future completes. The host name is resolved on the calling thread.
     * <p>The future fails with a {@link dev.duplex.engine.handshake.HandshakeException} when the server
     * refused or answered wrongly ({@code status()} is the HTTP status it answered, or 0 for an invalid 101),
     * {@link java.net.SocketTimeoutException} on a connect or handshake timeout,
     * {@link java.net.UnknownHostException}, {@link java.net.ConnectException},
     * {@link javax.net.ssl.SSLException} for TLS failures (an untrusted certificate or a host name that does
     * not match it), or another {@link java.io.IOException}.
     *
     * @throws IllegalArgumentException if the URI is not a valid WebSocket URI (section 3: no fragment, a host)
     *                                  or the options are invalid
     */
    public CompletableFuture<WebSocket> connect(URI uri, ConnectOptions options, WebSocketListener listener) {
        return runtime.connect(Objects.requireNonNull(uri, "uri"), Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Stops the client's own event loops. Connections whose close handshake has finished get up to the close
     * timeout for the server to close TCP first (RFC 6455 section 7.1.1); connections still open are dropped
     * (their listeners see 1006). A shared event-loop group is left running. Close connections first for a
     * clean close.
     */
    @Override
    public void close() {
        runtime.close();
    }

    public ClientConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "WebSocketClient[" + config + "]";
    }

    /** Builds a {@link WebSocketClient}; every setting has a default. Not thread-safe. */
    public static final class Builder {
        private SSLContext sslContext;
        private EngineConfig engine = EngineConfig.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private long maxBufferedBytes = 16L * 1024 * 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;
        private HeadLimits headLimits = HeadLimits.defaults();
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private EventLoopGroup sharedEventLoops;
        private List<ExtensionFactory> extensions = List.of();

        private Builder() {
        }

        /** The TLS context for {@code wss} (default: {@link SSLContext#getDefault()}). */
        public Builder tls(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        public Builder engineConfig(EngineConfig config) {
            this.engine = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Extensions to offer, in order of preference (RFC 6455 section 9.1), for example
         * {@code PerMessageDeflate.defaults()}. Default: none.
         */
        public Builder extensions(ExtensionFactory... factories) {
            this.extensions = List.of(factories);
            return this;
        }

        /** Default: 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Default: 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Default: zero (off). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Default: 5 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        /** Default: 16 MiB. */
        public Builder maxBufferedBytes(long bytes) {
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** Default: {@link OverflowPolicy#CLOSE}. */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = policy;
            return this;
        }

        public Builder headLimits(HeadLimits limits) {
            this.headLimits = limits;
            return this;
        }

        /** Number of event-loop threads to create (default: available processors). */
        public Builder eventLoops(int threads) {
            this.eventLoops = threads;
            return this;
        }

        /** Runs on an existing group (for example one shared with a server); the client does not close it. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.sharedEventLoops = group;
            return this;
        }

        public ClientConfig config() {
            return new ClientConfig(sslContext, engine, connectTimeout, handshakeTimeout, idleTimeout, closeTimeout,
                    maxBufferedBytes, overflowPolicy, headLimits, eventLoops, sharedEventLoops, extensions);
        }

        public WebSocketClient build() {
            return new WebSocketClient(config());
        }
    }
}
