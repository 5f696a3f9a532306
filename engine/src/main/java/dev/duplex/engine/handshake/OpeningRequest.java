package dev.duplex.engine.handshake;

import java.util.List;
import java.util.Objects;

/**
 * A client's opening handshake that passed {@link ServerHandshake#validate} (RFC 6455 section 4.2.1).
 *
 * @param head            the request head as read
 * @param path            the resource name's path, starting with "/", not percent-decoded
 * @param query           the query after "?", not decoded; null when the target has no "?"
 * @param key             the {@code Sec-WebSocket-Key}; empty for hixie-76 and hixie-75, which have none
 * @param version         the protocol version ({@link ProtocolVersion#number()}): 13, or with legacy versions
 *                        enabled ({@link ServerHandshake#validate(HttpRequestHead, java.util.Set)}) 8 or 7
 *                        (hybi), 76 or 75 (hixie)
 * @param origin          the {@code Origin} header, or null when absent (non-browser clients)
 * @param host            the {@code Host} header, or the authority of an absolute-form request-target
 * @param subprotocols    the offered subprotocols in the client's order of preference; may be empty
 * @param extensionOffers the raw values of the {@code Sec-WebSocket-Extensions} lines, in order; may be empty
 */
public record OpeningRequest(HttpRequestHead head, String path, String query, String key, int version,
                             String origin, String host, List<String> subprotocols, List<String> extensionOffers) {
    public OpeningRequest {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(host, "host");
        subprotocols = List.copyOf(subprotocols);
        extensionOffers = List.copyOf(extensionOffers);
    }
}
