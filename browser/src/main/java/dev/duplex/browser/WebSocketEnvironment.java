package dev.duplex.browser;

import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.transport.OverflowPolicy;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * What a page's "relevant settings object" gives a WebSocket in a browser, and what Java adds: the
 * {@code Origin} to send, the base URL that relative URLs are resolved against, plus the Duplex client that
 * carries the connections, the executor that runs event listeners, and extra request headers. Build with
 * {@link #builder()}; {@link #defaults()} has no origin, no base URL, a shared client and virtual threads.
 *
 * @param client        the client that opens the connections; it inherits its TLS context, timeouts and limits
 * @param origin        the {@code Origin} header to send, such as {@code https://app.example.com} (a browser sends
 *                      its document's origin), or null to send none, like non-browser clients
 * @param baseUrl       the API base URL ({@code https://websockets.spec.whatwg.org/#dom-websocket-websocket}), or null:
 *                      then only absolute URLs are accepted
 * @param eventExecutor runs the event listeners; each socket's events go through it one at a time, in order
 * @param headers       further request headers (such as {@code Cookie}, {@code Authorization}, {@code User-Agent})
 */
public record WebSocketEnvironment(WebSocketClient client, String origin, String baseUrl, Executor eventExecutor,
                                   HttpHeaders headers) {

    public WebSocketEnvironment {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(eventExecutor, "eventExecutor");
        headers = HttpHeaders.copyOf(headers);
        if (origin != null && origin.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
            throw new IllegalArgumentException("an origin is printable ASCII without spaces: " + origin);
        }
        if (baseUrl != null) {
            parseBase(baseUrl);
        }
    }

    @Override
    public HttpHeaders headers() {
        return HttpHeaders.copyOf(headers);
    }

    /**
     * A client builder set up as the shared client is (see {@link #defaults()}): permessage-deflate offered,
     * 64 MiB of outgoing buffer per connection that fails the socket when full. Add what the shared client lacks,
     * such as {@link WebSocketClient.Builder#tls} with an {@link javax.net.ssl.SSLContext} that trusts a test
     * server's certificate, and pass the client to {@link Builder#client}; its owner closes it.
     */
    public static WebSocketClient.Builder clientBuilder() {
        return WebSocketClient.builder()
                .eventLoops(Math.min(2, Runtime.getRuntime().availableProcessors()))
                .maxBufferedBytes(64L * 1024 * 1024)
                .overflowPolicy(OverflowPolicy.FAIL_SEND)
                .extensions(PerMessageDeflate.defaults());
    }

    /** No origin, no base URL, the shared client and executor. */
    public static WebSocketEnvironment defaults() {
        return Defaults.ENVIRONMENT;
    }

    public static Builder builder() {
        return new Builder();
    }

    UrlRecord baseRecord() {
        return baseUrl == null ? null : parseBase(baseUrl);
    }

    private static UrlRecord parseBase(String baseUrl) {
        try {
            return UrlParser.parse(baseUrl, null);
        } catch (UrlParser.Failure e) {
            throw new IllegalArgumentException("the base URL must be an absolute http, https, ws or wss URL: "
                    + e.getMessage() + ": " + baseUrl);
        }
    }

    /**
     * The shared client (daemon event-loop threads, started on first use) and the shared executor (a virtual
     * thread per batch of events). Like a browser, the client offers permessage-deflate
     * ({@code permessage-deflate; client_max_window_bits}). Its outgoing buffer per connection is 64 MiB; a
     * send beyond it fails the socket as the standard's "flagged as full".
     */
    private static final class Defaults {
        static final WebSocketClient CLIENT = clientBuilder().build();
        static final Executor EXECUTOR = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("duplex-websocket-events-", 0).factory());
        static final WebSocketEnvironment ENVIRONMENT =
                new WebSocketEnvironment(CLIENT, null, null, EXECUTOR, null);
    }

    /** Builds a {@link WebSocketEnvironment}; unset parts are the defaults. Not thread-safe. */
    public static final class Builder {
        private WebSocketClient client;
        private String origin;
        private String baseUrl;
        private Executor eventExecutor;
        private final HttpHeaders headers = new HttpHeaders();

        private Builder() {
        }

        /** Opens connections with this client (default: a shared one). The environment does not close it. */
        public Builder client(WebSocketClient client) {
            this.client = client;
            return this;
        }

        /** Sends {@code Origin: origin} (default: no {@code Origin} header). */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /** Resolves relative URLs against this absolute URL (default: relative URLs are refused). */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Runs event listeners on this executor (default: virtual threads). */
        public Builder eventExecutor(Executor executor) {
            this.eventExecutor = executor;
            return this;
        }

        /**
         * Adds a request header.
         *
         * @throws IllegalArgumentException if the name is not a token or the value has a control character
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        public WebSocketEnvironment build() {
            return new WebSocketEnvironment(client != null ? client : Defaults.CLIENT, origin, baseUrl,
                    eventExecutor != null ? eventExecutor : Defaults.EXECUTOR, headers);
        }
    }
}
