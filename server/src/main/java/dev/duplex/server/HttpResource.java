package dev.duplex.server;

import java.util.Objects;

/**
 * A fixed response to plain HTTP {@code GET}/{@code HEAD} requests at a path (for example the demo page at
 * "/"), served by {@link WebSocketServer.Builder#httpRoute}. The connection closes after the response.
 *
 * @param contentType the {@code Content-Type}, such as {@code text/html; charset=utf-8}
 * @param body        the body (copied)
 */
public record HttpResource(String contentType, byte[] body) {

    public HttpResource {
        Objects.requireNonNull(contentType, "contentType");
        if (contentType.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException("content type has a control character");
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "HttpResource[" + contentType + ", " + body.length + " bytes]";
    }
}
