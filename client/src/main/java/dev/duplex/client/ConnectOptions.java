package dev.duplex.client;

import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.ProtocolVersion;

import java.net.InetSocketAddress;
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
 * @param protocolVersion the protocol version to speak: {@link ProtocolVersion#RFC_6455} (the default), or a legacy
 *                        one for old servers. With hixie-76 and hixie-75 at most one subprotocol may be offered, no
 *                        extension is offered, and only text messages can be sent (see
 *                        {@link dev.duplex.transport.WebSocket#protocolVersion()}); an {@code Origin} header, if given,
 *                        is sent as the draft's origin (the default is {@code http://} and the host), and with hybi-07/08
 *                        it is sent as {@code Sec-WebSocket-Origin}
 * @param localAddress    the local address to bind the connection to before connecting (for example one of
 *                        several 127.0.0.x source addresses, to open more connections to one server than one
 *                        source address has ports), or null to let the system choose
 * @param http2           whether to open the WebSocket over HTTP/2 (RFC 8441) when the server allows it
 *                        ({@link Http2Policy#NEVER} by default; RFC 6455 only)
 */
public record ConnectOptions(List<String> subprotocols, HttpHeaders headers, ProtocolVersion protocolVersion,
                             InetSocketAddress localAddress, Http2Policy http2) {
    /** No subprotocol, no extra header, RFC 6455. */
    public static final ConnectOptions NONE = new ConnectOptions(List.of(), null);

    public ConnectOptions {
        subprotocols = subprotocols == null ? List.of() : List.copyOf(subprotocols);
        headers = HttpHeaders.copyOf(headers);
        protocolVersion = protocolVersion == null ? ProtocolVersion.RFC_6455 : protocolVersion;
        http2 = http2 == null ? Http2Policy.NEVER : http2;
        if (http2 != Http2Policy.NEVER && protocolVersion != ProtocolVersion.RFC_6455) {
            throw new IllegalArgumentException("HTTP/2 carries RFC 6455 WebSockets only (RFC 8441), not "
                    + protocolVersion);
        }
    }

    /** Options for a protocol version and a local address, over HTTP/1.1. */
    public ConnectOptions(List<String> subprotocols, HttpHeaders headers, ProtocolVersion protocolVersion,
                          InetSocketAddress localAddress) {
        this(subprotocols, headers, protocolVersion, localAddress, Http2Policy.NEVER);
    }

    /** Options for RFC 6455. */
    public ConnectOptions(List<String> subprotocols, HttpHeaders headers) {
        this(subprotocols, headers, ProtocolVersion.RFC_6455, null);
    }

    /** Options for a protocol version, with the local address chosen by the system. */
    public ConnectOptions(List<String> subprotocols, HttpHeaders headers, ProtocolVersion protocolVersion) {
        this(subprotocols, headers, protocolVersion, null);
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
        private ProtocolVersion protocolVersion = ProtocolVersion.RFC_6455;
        private InetSocketAddress localAddress;
        private Http2Policy http2 = Http2Policy.NEVER;

        private Builder() {
        }

        /** Whether to open the WebSocket as a stream of a shared HTTP/2 connection (default: never). */
        public Builder http2(Http2Policy policy) {
            this.http2 = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Speaks this protocol version (default: RFC 6455). */
        public Builder protocolVersion(ProtocolVersion version) {
            this.protocolVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Binds the connection to this local address (port 0 for any port) before connecting. */
        public Builder localAddress(InetSocketAddress address) {
            this.localAddress = address;
            return this;
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
            return new ConnectOptions(subprotocols, headers, protocolVersion, localAddress, http2);
        }
    }
}
