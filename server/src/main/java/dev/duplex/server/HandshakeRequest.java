package dev.duplex.server;

import dev.duplex.engine.handshake.HttpHeaders;
import dev.duplex.engine.handshake.OpeningRequest;
import dev.duplex.engine.handshake.ProtocolVersion;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * An opening handshake request that passed validation (RFC 6455 section 4.2.1), as seen by
 * {@link WebSocketHandler#onHandshake}.
 *
 * @param opening       the validated request, with its full head
 * @param remoteAddress the client's address
 * @param secure        whether the request came over TLS ({@code wss})
 */
public record HandshakeRequest(OpeningRequest opening, InetSocketAddress remoteAddress, boolean secure) {

    public HandshakeRequest {
        Objects.requireNonNull(opening, "opening");
    }

    /** The path of the request-target, starting with "/", not percent-decoded. */
    public String path() {
        return opening.path();
    }

    /** The query after "?", not decoded, or null when there is none. */
    public String query() {
        return opening.query();
    }

    /** Every header of the request. */
    public HttpHeaders headers() {
        return opening.head().headers();
    }

    /** The {@code Origin} header, or null when absent (non-browser clients). */
    public String origin() {
        return opening.origin();
    }

    /** The subprotocols the client offered, in its order of preference (section 4.1 item 10); may be empty. */
    public List<String> subprotocols() {
        return opening.subprotocols();
    }

    /** The protocol version of the request: RFC 6455, or a legacy version the server enabled. */
    public ProtocolVersion protocolVersion() {
        return ProtocolVersion.of(opening);
    }
}
