package dev.duplex.engine.handshake;

import java.util.Objects;

/**
 * The head of an HTTP/1.x request as read from the wire (RFC 9112 section 3), before any WebSocket check.
 *
 * @param method  the method token, case preserved (methods are case-sensitive, RFC 9110 section 9.1)
 * @param target  the request-target, exactly as sent
 * @param version the protocol version, such as {@code HTTP/1.1}
 * @param headers the header lines, in order
 */
public record HttpRequestHead(String method, String target, String version, HttpHeaders headers) {
    public HttpRequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
    }
}
