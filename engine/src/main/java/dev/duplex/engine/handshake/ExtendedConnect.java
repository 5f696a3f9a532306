package dev.duplex.engine.handshake;

/**
 * The header section of an HTTP/2 extended CONNECT request (RFC 8441 section 4): the pseudo-header fields
 * (RFC 9113 section 8.3.1 and 8.5, plus RFC 8441's {@code :protocol}) and the regular fields, as the HTTP/2
 * layer decoded them. That layer has already checked the block's structure (pseudo-header fields first and
 * not repeated, lowercase names, no connection-specific fields); {@link Rfc8441Handshake#validate} checks the
 * WebSocket rules.
 *
 * @param method    {@code :method}, {@code CONNECT} for a WebSocket; null when absent
 * @param protocol  {@code :protocol}, {@code websocket} for a WebSocket; null when absent (a classic CONNECT)
 * @param scheme    {@code :scheme}, {@code http} or {@code https}; null when absent
 * @param path      {@code :path}, the path and query of the target URI; null when absent
 * @param authority {@code :authority}, {@code host [ ":" port ]}; null when absent
 * @param headers   the regular fields in order, names lowercase as HTTP/2 carries them (copied; null for none)
 */
public record ExtendedConnect(String method, String protocol, String scheme, String path, String authority,
                             HttpHeaders headers) {
    public ExtendedConnect {
        headers = HttpHeaders.copyOf(headers);
    }
}
