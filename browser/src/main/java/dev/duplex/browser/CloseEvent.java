package dev.duplex.browser;

/**
 * The connection is closed: the last event of a socket, fired after {@code readyState} became
 * {@link WebSocket#CLOSED} (https://websockets.spec.whatwg.org/#the-closeevent-interface).
 *
 * @param target   the socket
 * @param wasClean whether the connection closed cleanly: both close frames exchanged and TCP closed (RFC 6455 section 7.1.4)
 * @param code     the WebSocket connection close code (RFC 6455 section 7.1.5): the code of the server's close frame,
 *                 1005 when it had none, 1006 when the connection ended without one (including every failure)
 * @param reason   the WebSocket connection close reason (section 7.1.6), or the empty string
 */
public record CloseEvent(WebSocket target, boolean wasClean, int code, String reason) implements Event {
    @Override
    public String type() {
        return "close";
    }
}
