package dev.duplex.client;

import dev.duplex.engine.handshake.HttpHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Per-connection choices of {@link WebSocketClient#connect(java.net.URI, ConnectOptions,
 * dev.duplex.transport.WebSocketListener)}.
 *
 * @param subprotocols the subprotocols to offer (RFC 6455 section 4.1 item 10), most preferred first; distinct tokens
 * @param headers      extra request headers (such as {@code Origin}, {@code Authorization}, {@code Cookie});
 *                     they may not set the handshake's own headers ({@code Host}, {@code Upgrade}, {@code Sec-WebSocket-*}, ...)
 */
public record ConnectOptions(List<String> subprotocols, HttpHeaders headers) {
    /** No subprotocol, no extra header. */
    public static final ConnectOptions NONE = new ConnectOptions(List.of(), null);

    public ConnectOptions {
        subprotocols = subprotocols == null ? List.of() : List.copyOf(subprotocols);
        headers = HttpHeaders.copyOf(headers);
    }

    @Override
    public HttpHeaders headers() {
        return HttpHeaders.copyOf(headers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ConnectOptions}. */
    public static final class Builder {
        private final List<String> subprotocols = new ArrayList<>();
        private final HttpHeaders headers = new HttpHeaders();

        private Builder() {
        }

        /** Offers these subprotocols, after those already added. */
        public Builder subprotocols(String... protocols) {
            for (String p : protocols) {
                subprotocols.add(Objects.requireNonNull(p, "subprotocol"));
            }
            return this;
        }

        /**
         * Adds the request header {@code name: value}.
         *
         * @throws IllegalArgumentException if the name is not a token or the value has a control character
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        public ConnectOptions build() {
            return new ConnectOptions(subprotocols, headers);
        }
    }
}
