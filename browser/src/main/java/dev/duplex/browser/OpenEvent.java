package dev.duplex.browser;

/**
 * The connection is established; fired after {@code readyState} became {@link WebSocket#OPEN} and
 * {@code protocol} and {@code extensions} were set (https://websockets.spec.whatwg.org/#feedback-from-the-protocol).
 *
 * @param target the socket
 */
public record OpenEvent(WebSocket target) implements Event {
    @Override
    public String type() {
        return "open";
    }
}
