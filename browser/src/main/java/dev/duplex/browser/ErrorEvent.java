package dev.duplex.browser;

/**
 * The connection failed ("fail the WebSocket connection", RFC 6455 section 7.1.7) or was closed after its
 * outgoing buffer was full; a {@link CloseEvent} always follows (https://websockets.spec.whatwg.org/#closeWebSocket).
 * <p>A page's error event carries no detail, so that scripts cannot probe the network; a Java program gets
 * the {@link #cause()} for its logs. Do not base decisions on it that a page could not make.
 *
 * @param target the socket
 * @param cause  what went wrong (a handshake refusal, an I/O error, a protocol violation by the server, ...), or
 *               null when the application itself failed the connection (for example by {@code close()} while connecting)
 */
public record ErrorEvent(WebSocket target, Throwable cause) implements Event {
    @Override
    public String type() {
        return "error";
    }
}
