package dev.duplex.engine.handshake;

import java.util.Objects;

/**
 * The head of an HTTP/1.x response as read from the wire (RFC 9112 section 4).
 *
 * @param version the protocol version, such as {@code HTTP/1.1}
 * @param status  the three-digit status code
 * @param reason  the reason phrase, possibly empty; informative only
 * @param headers the header lines, in order
 */
public record HttpResponseHead(String version, int status, String reason, HttpHeaders headers) {
    public HttpResponseHead {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
    }
}
