package dev.duplex.browser;

/**
 * An event fired at a {@link WebSocket}: {@link OpenEvent}, {@link MessageEvent}, {@link ErrorEvent} or
 * {@link CloseEvent} (WebSockets Standard, https://websockets.spec.whatwg.org/#feedback-from-the-protocol).
 * Events are immutable and are delivered to listeners in order, one at a time.
 */
public sealed interface Event permits OpenEvent, MessageEvent, ErrorEvent, CloseEvent {

    /** The event type as a page sees it in {@code event.type}: {@code "open"}, {@code "message"}, {@code "error"} or {@code "close"}. */
    String type();

    /** The socket the event was fired at ({@code event.target}). */
    WebSocket target();
}
